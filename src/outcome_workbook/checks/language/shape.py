"""What a statement's structure says it measures.

Each function reads token keys (and their singular lemmas) and answers from the statement's
shape: an opening verb and what follows it, the head noun and its modifiers. None of them
decides on a topic word alone: "post" opens an activity in "Post 30 times" and names a measure
in "Post likes"; "sales" is money as a head ("Total sales") and not as a modifier ("sales
meetings booked").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from .words import (
    ACTIVITY_VERBS,
    ATTAIN_VERBS,
    ATTENTION_AUDIENCE,
    CHANNEL_NOUNS,
    EARLY_AUDIENCE,
    HANDLED,
    MONEY_HEADS,
    MONEY_WORDS,
    PAID_MODIFIERS,
    PEOPLE_TURNOVER,
    PUBLISHED,
    WORK_NOUNS,
    word_set,
)

# Activity verbs that are also common nouns at the start of a measure ("Call volume", "Post
# likes", "Release frequency"): read as a verb only when the shape says so.
NOUN_TOO: Final = word_set(
    "post tweet blog email call plan record document release update design interview "
    "audit fix follow close adopt use schedule book sign host run draft coach mentor "
    "offer launch build train hand kickoff setup rollout invite"
)
_DETERMINERS: Final = word_set(
    "the a an our their its this these those my your his her all every each some any no "
    "one two three four five six seven eight nine ten twelve twenty fifty hundred"
)
_PARTICLES: Final = word_set("out up off")
_STOPS: Final = word_set(
    "of for to in on at by from with without per and or , ; : ( under over above below within "
    "than about after before during until via into through while when where who that which"
)
# Heads that make a noun reading of an opening word: a measure of something.
MEASURE_NOUNS: Final = word_set(
    "rate ratio time frequency volume count number share percentage level score speed "
    "duration quality adherence date like likes view views click clicks response "
    "responses success failure error errors value size cost costs revenue sales"
)


def opens_activity(word: str) -> bool:
    """A word that, opening a statement, can be a verb of work the team does."""
    return word in ACTIVITY_VERBS


def opening(keys: Sequence[str], lemmas: Sequence[str], i: int) -> str:
    """How the statement opens at token ``i``.

    "attain": a verb that reaches a level ("Achieve", "Reach"); what follows is the measure.
    "activity": a verb of work the team does, certainly read as a verb ("Hire 2 ...",
    "Publish two articles", "Close the books").
    "activity?": an activity word whose verb reading is a guess ("Use ticket templates").
    "": anything else (a change verb, a noun, people).
    """
    if i >= len(keys):
        return ""
    word = keys[i]
    nxt = keys[i + 1] if i + 1 < len(keys) else ""
    if word in ATTAIN_VERBS and nxt not in ("of", "in", "rate", "time"):
        return "attain" if nxt else ""
    if word not in ACTIVITY_VERBS or not nxt or nxt in ("of", "in", "rate", "time", "per"):
        return ""
    if word not in NOUN_TOO:
        return "activity"
    if nxt in _DETERMINERS or nxt[:1].isdigit() or nxt in _PARTICLES:
        return "activity"
    # "Post likes", "Email subscribers", "Call waiting times": the head is a measure.
    head = _head_lemmas(lemmas, i + 1)
    if not head or is_measure(head[-1]) or head[-1] in EARLY_AUDIENCE:
        return ""
    if head[-1] in ATTENTION_AUDIENCE or head[-1] in MONEY_WORDS:
        return ""
    return "activity?"


def is_measure(word: str) -> bool:
    """A noun that names a measure of something ("rate", "open rate", "response time")."""
    return word in MEASURE_NOUNS or word.endswith(("rate", "time", "ratio", "count", "score"))


def _head_lemmas(lemmas: Sequence[str], i: int) -> list[str]:
    """The nouns from ``i`` up to a preposition or a clause boundary."""
    head: list[str] = []
    for lemma in lemmas[i:]:
        if lemma in _STOPS or lemma in _DETERMINERS or lemma[:1].isdigit():
            break
        head.append(lemma)
    return head


def is_work(lemmas: Sequence[str]) -> bool:
    """A head naming work the team produces for itself (test coverage, bugs, code reviews)."""
    return any(lemma in WORK_NOUNS for lemma in lemmas)


def handled(keys: Sequence[str], end: int) -> bool:
    """The head is followed by a participle of the team handling it ("brochures handed out")."""
    return end < len(keys) and keys[end] in HANDLED and not _by_people(keys, end + 1)


def published(keys: Sequence[str], end: int) -> bool:
    """The head is followed by a publisher's participle: "blog posts published" and "webinars
    hosted" are the team's work, where "reviews written" are what users produce."""
    return end < len(keys) and keys[end] in PUBLISHED


def _by_people(keys: Sequence[str], i: int) -> bool:
    return i < len(keys) and keys[i] == "by"


# Measures of an audience's size: "subscriber counts", "follower base".
_AUDIENCE_MEASURES: Final = word_set("count number base total growth")
# Lists that are an audience: an email or mailing list, not a to-do list or a price list.
_LIST_KINDS: Final = word_set("email mailing newsletter subscriber contact")


def audience(lemmas: Sequence[str], following: Sequence[str]) -> str:
    """An audience count in the head: "easy" (followers, subscribers, members), "traction"
    (visitors, traffic, reach, impressions, likes), or "" (none, or a paying one)."""
    if not lemmas:
        return ""
    noun = lemmas[-1]
    if any(lemma in PAID_MODIFIERS for lemma in lemmas):
        return ""
    if noun == "member" and any(lemma in PEOPLE_TURNOVER for lemma in lemmas[:-1]):
        return ""  # "new team members", "staff members": the team's own people
    if noun in EARLY_AUDIENCE:
        return "easy"
    if len(lemmas) > 1 and lemmas[-2] in EARLY_AUDIENCE and noun in _AUDIENCE_MEASURES:
        return "easy"  # "subscriber counts", "follower base"
    if noun == "list" and len(lemmas) > 1 and lemmas[-2] in _LIST_KINDS:
        return "easy"  # "our email list": an audience that has only shown up
    if noun == "subscription" and following[:1] == ["to"]:
        return "easy" if set(following[1:4]) & CHANNEL_NOUNS or len(following) > 1 else ""
    if noun in ATTENTION_AUDIENCE or (
        noun in ("rate", "volume") and len(lemmas) > 1 and lemmas[-2] in ATTENTION_AUDIENCE
    ):
        return "traction"
    return ""


# What a paid modifier makes money: paid subscriptions and memberships, not "paying customers".
_SUBSCRIBED: Final = word_set("subscriber subscription member membership seat")


def paid_audience(lemmas: Sequence[str]) -> bool:
    """A paying audience is a financial result: "paid subscriptions", "Prime subscribers"."""
    return (
        len(lemmas) > 1
        and lemmas[-1] in _SUBSCRIBED
        and any(lemma in PAID_MODIFIERS for lemma in lemmas[:-1])
    )


_POSSESSIVES: Final = word_set("their his her my your")
_PERIOD: Final = re.compile(r"^(?:q[1-4]|h[12]|fy\d*|20\d\d|annual|quarterly|net|gross|new)$")
# What may follow a money head for it to be the measure: nothing, a preposition, a number or
# a measure of the money ("Total sales amount", "Labour cost ratio").
_AFTER_MONEY: Final = word_set(
    "of per from by in to for and or , ( ; amount volume value growth target targets "
    "figure figures ratio share"
)


def money(keys: Sequence[str], start: int) -> int:
    """The index of a money word that makes the statement a financial result, or -1.

    A money word counts anywhere (revenue, margin, pipeline, budget); a money head only as
    the last noun of its phrase ("Total sales", "Reduce operational costs"; not "sales
    meetings booked" or "people spend less time"); "turnover" only when it is not people
    leaving ("staff turnover").
    """
    for k in range(start, len(keys)):
        key = keys[k]
        nxt = keys[k + 1] if k + 1 < len(keys) else ""
        if key in MONEY_WORDS:
            return k
        if key == "turnover" and not (k > 0 and keys[k - 1] in PEOPLE_TURNOVER):
            return k
        if key == "bookings" and k > 0 and _PERIOD.match(keys[k - 1]):
            return k  # "Q4 bookings", "annual bookings": sales; "repeat bookings" are stays
        # "their grocery budget" is their own money, not the business's
        owned = any(keys[j] in _POSSESSIVES for j in range(max(0, k - 2), k))
        ends = not nxt or nxt in _AFTER_MONEY or nxt[:1].isdigit()
        # "leads passed to sales", "accepted by sales": the sales team, not money
        team = key == "sales" and k > 0 and keys[k - 1] in ("to", "by", "with")
        if key in MONEY_HEADS and ends and not owned and not team:
            return k
    return -1


def measure_follows(lemmas: Sequence[str], i: int) -> bool:
    """The phrase from ``i`` is a measure ("frequency", "time"): "Release frequency" is not a
    release to ship."""
    head = _head_lemmas(lemmas, i)
    return bool(head) and is_measure(head[-1])
