"""Closed word classes for reading a statement's structure.

The classes name roles, not topics: a verb that changes a measure ("reduce"), one that reaches a
level ("achieve"), one that names something the team does ("hire", "publish"); a noun that
counts an audience ("followers"), or work the team produces for itself ("test coverage").
Words are token keys: lower case, hyphens removed, phrasal verbs merged ("setup", "rollout").
"""

from __future__ import annotations

from typing import Final


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list, as a set."""
    return frozenset(text.split())


# Verbs that reach or hold a level: what follows them is the measure itself.
ATTAIN_VERBS: Final = word_set(
    "achieve attain reach hit maintain sustain exceed surpass gain generate have keep hold "
    "acquire attract win"
)

# Verbs that name work a team does. A statement opening with one (in the imperative) names an
# activity or a deliverable, whatever its object: "Hire 2 salespeople", "Post 30 times".
ACTIVITY_VERBS: Final = word_set(
    "hire recruit run host organise organize conduct sponsor plan prepare produce publish "
    "post tweet blog write draft send email call train coach mentor teach document record "
    "hand distribute collect interview audit fix refactor rewrite migrate implement deploy "
    "launch ship build release deliver develop design redesign create complete finish "
    "update upgrade establish expand extend translate localise localize integrate automate "
    "optimise optimize standardise standardize streamline consolidate negotiate renegotiate "
    "sign agree define finalise finalize execute present pitch follow close adopt use "
    "introduce replace add offer provide revamp rebuild setup rollout kickoff attend "
    "facilitate schedule book organise invite onboard"
)

# Opening verbs that leave the decision to the head: "improve", "make" and the change verbs.
# ("book", "invite" and "onboard" are activities only as openings; people who book are a
# behaviour, found through the head.)

# Nouns of an audience: people counted for showing up, not for what they do.
EARLY_AUDIENCE: Final = word_set(
    "follower following subscriber registrant member attendee fan audience mql sql"
)
ATTENTION_AUDIENCE: Final = word_set(
    "visitor visit traffic reach impression like mention engagement search viewer view"
)
# Modifiers that make an audience count a paying or active one.
PAID_MODIFIERS: Final = word_set("paid paying premium prime")
# A subscription to a channel, list or newsletter is an audience; a plan's is money.
CHANNEL_NOUNS: Final = word_set("channel newsletter list podcast blog feed page account")

# Work a team produces for itself: engineering and internal-process targets.
WORK_NOUNS: Final = word_set(
    "coverage bug defect lint linting codereview pullrequest storypoint techdebt code "
    "refactoring commit documentation qbr cv hackathon standup architecturereview codebase"
)

# Participles that say the team produced or handled something ("brochures handed out").
HANDLED: Final = word_set(
    "written published sent handed logged held conducted run taught reviewed scheduled "
    "produced delivered shipped built launched released closed created drafted made given "
    "hosted organised organized aired broadcast"
)
# Of those, the participles of a publisher: content counted with one is the team's work
# ("blog posts published"), not what users produce ("reviews written").
PUBLISHED: Final = word_set("published hosted held aired broadcast produced")

# Money: words that are a financial measure wherever they stand.
MONEY_WORDS: Final = word_set(
    "revenue arr mrr arpu arpa arppu arpdau acv gmv gtv ltv cltv clv profit profits "
    "profitability margin margins ebitda cac aov upsell upsells income cashflow "
    "receivable receivables donation donations roas cpa cpi cpl revpar revpor "
    "goppar trevpar adr quota nrr ndr money"
)
# Words that are money only as the head noun ("total sales", not "sales meetings").
MONEY_HEADS: Final = word_set(
    "sales cost costs spend expense expenses saving savings price prices pipeline budget"
)
# Modifiers that make "turnover" a people measure, not revenue.
PEOPLE_TURNOVER: Final = word_set("staff employee employees team people workforce")
