"""The structural reading of a statement that the coaching heuristics build on.

`words` holds the closed word classes (change and attainment verbs, the verbs of things a team
does, audience nouns, the nouns of internal work, money cues); `shape` reads a statement's
opening and its measured head with them. Pure standard library, no input or output, nothing
downloaded: an English part-of-speech lexicon was weighed and left out (see docs/checks.md).
"""
