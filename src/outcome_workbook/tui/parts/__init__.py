"""One widget per part of the domain, composed by the workbench's screens and the
session's steps alike: each part's display and its edits exist once.

`experiments/`, `guardrails/`, `metric_versions/`, `negotiation/`, `findings/`: each holds
what the part shows and the edits it offers, made through the host's model operations
(never by writing the workbook). A screen or a step adds only its framing: the workbench
its key bindings, the session its question, hint and coaching.
"""
