"""Text heuristics behind the coaching checks.

Each check reads one statement (an outcome title, a metric definition or an opportunity) and
answers with a :class:`Match` naming the words that tripped it, or ``None``.

The checks share one analysis per text, cached, so running all of them over a workbook costs
little more than running one. The analysis is a light reading of the sentence, not a parser:

* the *lead*: an opening verb ("Launch ...", "Increase ...", "Make more users ..."),
* the *head*: the thing being measured or asked for ("sign-ups", "NPS", "a dashboard"),
* for a head that is a group of people ("users", "admins who ..."), the *action*: the first
  verb they perform, and whether a further behaviour follows it ("... and buy the item").

The rules are general ones about that shape: a count of an early step is an easy metric unless
a later step qualifies it ("applications that lead to a hire"); a view or a click is traction
unless the person goes on to do something with it; a person who only feels or rates is
sentiment; and so on. Pure standard library, no input or output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, NamedTuple

from .language import shape

__all__ = [
    "Match",
    "counts_user_output",
    "easy_metric",
    "financial_metric",
    "infer_metric_kind",
    "is_behaviour",
    "output_in_disguise",
    "sentiment_only",
    "solution_phrased",
    "traction_metric",
]


@dataclass(frozen=True, slots=True)
class Match:
    """Why a check fired: the words that triggered it and a short explanation.

    `certain` is False when the structure only suggests the trap (an activity word that may be
    a noun, a count of internal work): the rules then ask instead of asserting. `work` is True
    for an output that is work the team does ("Hire 2 salespeople", "Run four meetups")
    rather than a thing it delivers ("Launch video calling"): the question asked differs.
    """

    phrase: str
    reason: str
    certain: bool = True
    work: bool = False


# ---------------------------------------------------------------------------------------------
# Word lists. Nouns are listed in the singular, verbs in the base form; inflections are derived.
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_IRREGULAR: Final[dict[str, tuple[str, ...]]] = {
    "build": ("built",),
    "make": ("made",),
    "send": ("sent",),
    "write": ("wrote", "written"),
    "leave": ("left",),
    "give": ("gave", "given"),
    "take": ("took", "taken"),
    "see": ("saw", "seen"),
    "get": ("got", "gotten", "getting"),
    "feel": ("felt",),
    "find": ("found",),
    "buy": ("bought",),
    "sell": ("sold",),
    "pay": ("paid",),
    "spend": ("spent",),
    "keep": ("kept",),
    "come": ("came",),
    "begin": ("began", "begun"),
    "run": ("ran", "running"),
    "do": ("did", "done", "does"),
    "have": ("had", "has"),
    "read": ("read",),
    "shop": ("shopping", "shopped"),
    "ship": ("shipped", "shipping"),
    "plan": ("planned", "planning"),
    "stop": ("stopped", "stopping"),
    "drop": ("dropped", "dropping"),
    "tap": ("tapped", "tapping"),
    "enrol": ("enrolled", "enrolling", "enrols"),
    "signup": ("signedup", "signingup"),
}


def _verb_forms(bases: str) -> frozenset[str]:
    """All simple inflections of each base verb (token keys, hyphens removed)."""
    forms: set[str] = set()
    for base in bases.split():
        forms.add(base)
        if base.endswith("y") and base[-2:-1] not in ("a", "e", "o", "u"):
            forms.update((base[:-1] + "ies", base[:-1] + "ied", base + "ing"))
        elif base.endswith("e"):
            forms.update((base + "s", base + "d", base[:-1] + "ing"))
        else:
            suffix = "es" if base.endswith(("s", "sh", "ch", "x", "o")) else "s"
            forms.update((base + suffix, base + "ed", base + "ing"))
        forms.update(_IRREGULAR.get(base, ()))
    return frozenset(forms)


# People a statement can be about. A noun directly followed by "who" counts as one too.
_ACTORS: Final = _words(
    "user customer client people person team member admin administrator manager analyst "
    "developer engineer designer seller buyer merchant shopper driver rider passenger patient "
    "clinician doctor nurse physician therapist pharmacist student learner pupil teacher "
    "instructor tutor coach parent child children kid candidate applicant recruiter employer "
    "host guest traveller traveler reader viewer listener visitor subscriber accountant "
    "freelancer investor borrower lender household family families employee agent rep creator "
    "author writer editor mentor cook chef owner homeowner partner prospect account business "
    "organisation organization company companies workspace promoter detractor vendor supplier "
    "courier caregiver marketer operator planner trader donor volunteer resident tenant "
    "landlord player gamer fan athlete diner consumer professional specialist consultant "
    "advertiser publisher lawyer graduate shop store restaurant clinic school hospital i we "
    "you they them he she someone everyone anyone signup registrant"
)
_PLURAL_ACTORS: Final = _words("people children families we they them i you everyone")
_ACTIVITY_MODIFIERS: Final = _words(
    "active activated returning retained repeat engaged loyal habitual recurring regular"
)
_NEWNESS_MODIFIERS: Final = _words(
    "new newly netnew fresh firsttime registered signedup enrolled subscribed"
)
_VALUE_MODIFIERS: Final = _words(
    "qualified shortlisted interviewed hired activated converted retained paying verified"
)

# Things a team builds and ships.
_ARTIFACTS: Final = _words(
    "app website site page screen tab widget dashboard integration flow onboardingflow module "
    "feature system platform portal tool button banner card menu panel mode darkmode filter "
    "chatbot bot assistant plugin extension api sdk cli client v1 v2 v3 v4 version release "
    "redesign migration project roadmap storypoint point epic tier plan "
    "marketplace checkout summary email newsletter notification reminder sync sso signon "
    "login export import editor player report template theme workflow automation wizard "
    "searchbar map calendar gradebook planner payment pay wallet kiosk terminal "
    "landingpage campaign translation localisation localization upgrade update patch "
    "prototype mvp pilot product service"
)
# Participles that say an artifact was delivered, not used.
_DELIVERED: Final = _words(
    "shipped delivered launched released built deployed implemented rolledout live "
    "completed finished done developed introduced"
)
_STRONG_DELIVERY: Final = _verb_forms(
    "deliver launch ship build release migrate redesign implement rollout introduce replace "
    "translate add offer develop deploy integrate give allow enable provide revamp rewrite "
    "rebuild refactor localise localize automate setup"
)
_WEAK_DELIVERY: Final = _verb_forms("improve make create complete finish update upgrade design")

_CHANGE_LEADS: Final = _words(
    "increase increasing grow growing raise boost reduce reducing lower cut decrease drive "
    "double triple lift maximise maximize minimise minimize improve more fewer less higher "
    "better greater bigger smaller growth reduction halve shorten accelerate eliminate prevent "
    "avoid"
)
_PUSH_LEADS: Final = _words("make get help encourage let have convince motivate push bring")

_DETERMINERS: Final = _words(
    "the a an our their its this that these those my your his her all each every any some "
    "total overall average avg mean median"
)
_COUNT_WORDS: Final = _words("number count amount # total volume")
_SHARE_WORDS: Final = _words("share percentage percent % proportion ratio fraction")
_QUANT_HEADS: Final = _COUNT_WORDS | _SHARE_WORDS | _words("level growth increase rate")

_BOUNDARIES: Final = _words(
    "who that which whose where when of per from by in on at for among amongst with without "
    "to into through via during within after before while between across until till over "
    "under above below about and or vs versus than since because so if , : ; ( ) > < >= <= = "
    "! ?"
)
_RELATIVES: Final = _words("who that which whose")
_SEGMENT_PREPS: Final = _words("with from in on among amongst at of across for")
_NOT_VERBS: Final = (
    _DETERMINERS
    | _BOUNDARIES
    | _words(
        "weekly monthly daily yearly annually quarterly each every per this last next a the "
        "week month day year quarter time times once twice"
    )
)
_SKIP_IN_CLAUSE: Final = _words(
    "should will would can could must may might to do does did also then actually really "
    "still regularly often always usually more most again already just now is are am was "
    "were be been being"
)
_ARTICLES: Final = _words("a an the each every one any this that no")
_AUX_VERBS: Final = _words(
    "is are was were be has have had can can't cannot should will would must may might do "
    "does did don't doesn't want wants need needs wish wishes love loves like likes feel "
    "feels keep keeps"
)
_IRREGULAR_PARTICIPLES: Final = _words(
    "made sent written left built done given taken shown seen spent kept held paid bought "
    "sold read found live"
)
_ING_NOUNS: Final = _words(
    "setting onboarding pricing landing budgeting scheduling reporting ticketing sharing "
    "booking banking shopping meeting rating building morning evening thing spring learning "
    "training marketing billing accounting hiring listing posting recording streaming "
    "messaging parking wedding clothing housing financing lending saving savings loading "
    "following"
)

# Early, easy steps where the value comes later.
_EASY_NOUNS: Final = _words(
    "application signup registration download install installation lead trial trialstart optin "
    "enrolment enrollment demorequest waitlist applicant"
)
_EASY_VERBS: Final = _verb_forms("apply signup register download install enrol enroll subscribe")
_EASY_ACCOUNT_PARTICIPLES: Final = _words("created opened registered made")
# Participles or relatives that tie a counted thing to a later, valuable step.
_VALUE_PARTICIPLES: Final = _words(
    "followed marked accepted rated answered replied read viewed sold liked upvoted resolved "
    "converted completed used opened clicked"
)

# Things users produce.
_UGC_NOUNS: Final = _words(
    "review post comment upload listing message rating recipe document doc video photo picture "
    "image answer question tip note content ugc thread reply submission contribution "
    "testimonial article story entry ad advert jobpost"
)
# Content a business publishes as often as its users do: counted as what users produce only
# when the statement says users made it ("videos created by fans", "posts per member",
# "customer stories"); "Number of articles" alone says nothing of who wrote them.
_PUBLISHABLE: Final = _words("post article video story document doc ad advert entry note content")
_USER_PARTICIPLES: Final = _words("uploaded submitted contributed shared left")
_USER_PLACES: Final = _words("community forum group")
_CREATION_VERBS: Final = _verb_forms(
    "write post publish upload share leave create add submit contribute ask send generate "
    "produce list"
)

# Looking at something, as opposed to doing something with it.
_TRACTION_NOUNS: Final = _words(
    "view pageview visit click clickthrough ctr open openrate impression adoption usage tap "
    "hit pageimpression bounce"
)
_TRACTION_VERBS: Final = _verb_forms("view open visit click tap try clickthrough")
_USE_VERBS: Final = _verb_forms("use adopt")
# People counted for being reached by something, not for doing anything.
_REACHED: Final = _words("reached exposed impressed targeted shown")
_FEATURE_NOUNS: Final = _words(
    "widget feature button screen page tab card banner report module function tool section "
    "menu panel guide video link editor filter search summary chart map calendar assistant"
)

_SENTIMENT_HEAD_RE: Final = re.compile(
    r"\b(?:nps|net promoter(?: score)?|csat|c-sat|ces|(?:customer |user )?effort score|"
    r"(?:customer |user |employee |seller |buyer )?satisfaction(?: score)?|"
    r"(?:\d+-)?star rating|(?:app store |play store |store |average |avg )?ratings?|"
    r"survey score|survey results?|promoters?|detractors?|sentiment|thumbs[- ]?up(?: rate)?|"
    r"happiness|delight|trust score|reviews? score|enps|positive (?:feedback|tone)|"
    r"(?:\d+(?:-\d+)?-)?star (?:feedback|reviews?)|survey responses?|"
    r"(?:engagement|productivity|happiness|wellbeing) (?:survey|score)s?)\b"
)
# An amount of money: "$3M", "€ 20k", "£1,200".
_CURRENCY_RE: Final = re.compile(r"[$€£]\s?\d")
_SENTIMENT_VERBS: Final = _verb_forms("feel love like enjoy rate trust recommend") | _words(
    "happy happier satisfied delighted confident proud comfortable"
)

_FIN_STRONG_RE: Final = re.compile(
    r"\b(?:revenue|arr|mrr|arpu|arpa|acv|gmv|gtv|ltv|cltv|clv|lifetime values?|churn(?:ed|s)?|"
    r"profit(?:s|ability)?|margins?|market share|renewals?|renew(?:s|ed|ing)?|"
    r"net revenue retention|nrr|ndr|ebitda|cac|average order value|aov|upsells?|"
    r"(?:subscription|revenue|contract|plan|logo) retention|income|cash flow|"
    r"revenue per available room|return on (?:ad )?(?:investment|spend)|roi|"
    r"\d[\d,.]*\s?(?:usd|eur|gbp)|"
    r"cancell?ations?|cancel(?:s|led|ed|ling|ing)? (?:\w+ )?(?:subscriptions?|plans?|"
    r"contracts?|memberships?)|downgrades?)\b"
)

_PAIN_RE: Final = re.compile(
    r"\b(?:can't|cannot|can not|couldn't|don't|doesn't|didn't|do not|does not|never|unsure|"
    r"not sure|struggles?|struggling|hard to|difficult|takes? (?:hours|days|ages|too long)|"
    r"lose time|losing time|forgets?|forgetting|worr(?:y|ies|ied)|wait(?:s|ing)? (?:days|hours|"
    r"weeks|for)|give up|gives up|ha(?:ve|s) to|too long|too slow|is slow|are slow|confus\w*|"
    r"annoy\w*|frustrat\w*|painful|stuck|get lost|gets lost|no way to|chasing|keeps? failing)\b"
)
_LACK_RE: Final = re.compile(
    r"^\s*(?:there(?: is|'s| are) no|there isn't an?|no|lack of|lacking|missing|absence of|"
    r"without)\b"
)
_WANT_RE: Final = re.compile(
    r"^(?:(?:keep|keeps|kept|still|really|also|often|always)\s+)*"
    r"(?:want(?:s|ed)?|need(?:s|ed)?|ask(?:s|ed|ing)? for|request(?:s|ed|ing)?|"
    r"wish(?:es|ed)?|would like|expect(?:s|ed)?|demand(?:s|ed)?)\b"
    # "need to ...", "need a faster way to ...": a need, not a solution
    r"(?!\s+(?:to|(?:a|an) (?:\w+ )?(?:way|place|means) to)\b)"
)
_LABEL_RE: Final = re.compile(
    r"^\s*(?:(?:q[1-4]|h[12]|fy\d*|20\d\d)\s*)?(?:goal|objective|okr|kr|key result|outcome|"
    r"target|aim)?s?\s*[:\-]\s*"
)
_TEAM_VOICE_RE: Final = re.compile(
    r"^\s*(?:(?:we|our team|the team)\s+(?:will|shall|must|should|want to|are going to|"
    r"plan to|need to|have to|are)|we'll|let's|let us|(?:our )?(?:goal|aim|plan) is to)\s+"
)
_TEAM_NEED_RE: Final = re.compile(
    r"^\s*(?:we|our team|the team)\s+(?:need|want|require)s?\s+(?!to\b)"
)
_GUARD_RE: Final = re.compile(
    r"\b(?:without (?:lowering|hurting|reducing|harming|losing|dropping)|while|guarded by|"
    r"guardrail|counter-?metric|as long as|keeping|but not)\b"
)
_TEAM_OPENERS: Final = _words("we we'll our the let's let")
_LACK_OPENERS: Final = _words("there there's no lack lacking missing absence without")
_SUPPORT_FOR_RE: Final = re.compile(r"^\s*support for\b")
_TIME_SPENT_RE: Final = re.compile(
    r"\btime (?:spent )?(?:on|in|with) (?:the |our |a |each )?(\w+(?: \w+){0,2})"
)
# The product as a whole: time spent on it is how much people use it, not one feature's pull.
_WHOLE_PRODUCT: Final = _words("app platform product site website service")
_CONVERSION_RE: Final = re.compile(r"\w-to-\w")

# A number with thousands separators or decimals ("10,000", "4.8") is one token, so a quote
# of the statement is never cut at its comma.
_TOKEN_RE: Final = re.compile(
    r"[€$£#]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|[€$£#]?\d+\.\d+%?"
    r"|[a-z0-9€$£#&%]+(?:['\-][a-z0-9]+)*|>=|<=|[,:;()\[\]<>=!?]"
)
_PHRASAL: Final[dict[tuple[str, str], str]] = {
    ("sign", "up"): "signup",
    ("sign", "ups"): "signups",
    ("signed", "up"): "signedup",
    ("signing", "up"): "signingup",
    ("sign", "on"): "signon",
    ("sign", "in"): "signin",
    ("log", "in"): "login",
    ("roll", "out"): "rollout",
    ("rolled", "out"): "rolledout",
    ("set", "up"): "setup",
    ("sets", "up"): "setup",
    ("click", "through"): "clickthrough",
    ("clicks", "through"): "clickthrough",
    ("clicked", "through"): "clickthrough",
    ("trial", "start"): "trialstart",
    ("trial", "starts"): "trialstarts",
    ("demo", "request"): "demorequest",
    ("demo", "requests"): "demorequests",
    ("job", "post"): "jobpost",
    ("job", "posts"): "jobposts",
    ("dark", "mode"): "darkmode",
    ("landing", "page"): "landingpage",
    ("open", "rate"): "openrate",
    ("story", "points"): "storypoints",
    ("page", "views"): "pageviews",
    ("code", "review"): "codereview",
    ("code", "reviews"): "codereviews",
    ("pull", "request"): "pullrequest",
    ("pull", "requests"): "pullrequests",
    ("tech", "debt"): "techdebt",
    ("technical", "debt"): "techdebt",
    ("architecture", "review"): "architecturereview",
    ("architecture", "reviews"): "architecturereviews",
}
_NORMALISE: Final = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


# ---------------------------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------------------------


class _Tok(NamedTuple):
    key: str  # lower case, hyphens removed
    lemma: str  # singular of key
    start: int
    end: int
    raw: str  # lower case as written


def _singular(key: str) -> str:
    if len(key) <= 3 or not key.endswith("s") or key.endswith(("ss", "us", "is")):
        return key
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith(("ches", "shes", "xes", "sses")):
        return key[:-2]
    return key[:-1]


_WORD_FORMS: dict[str, tuple[str, str]] = {}


def _word(raw: str) -> tuple[str, str]:
    """Key and lemma of one written word, memoised: the vocabulary of a workbook is small."""
    forms = _WORD_FORMS.get(raw)
    if forms is None:
        key = raw[:-2] if raw.endswith("'s") else raw
        key = key.replace("-", "")
        forms = (key, _singular(key))
        if len(_WORD_FORMS) > 50_000:
            _WORD_FORMS.clear()
        _WORD_FORMS[raw] = forms
    return forms


def _tokens(low: str) -> list[_Tok]:
    words = _TOKEN_RE.findall(low)
    toks: list[_Tok] = []
    pos = 0
    i = 0
    n = len(words)
    find = low.find
    aside = 0  # inside square brackets: an aside ("[all roles]", "[beta]"), not read
    while i < n:
        raw = words[i]
        start = find(raw, pos)
        end = start + len(raw)
        if raw in "[]" or aside:
            aside = max(0, aside + (raw == "[") - (raw == "]"))
            pos = end
            i += 1
            continue
        key, lemma = _word(raw)
        if i + 1 < n:
            merged = _PHRASAL.get((key, words[i + 1]))
            if merged is not None:
                end = find(words[i + 1], end) + len(words[i + 1])
                toks.append(_Tok(merged, _singular(merged), start, end, low[start:end]))
                pos = end
                i += 2
                continue
        toks.append(_Tok(key, lemma, start, end, raw))
        pos = end
        i += 1
    return toks


@dataclass(slots=True)
class _Head:
    start: int  # token index
    end: int  # token index, exclusive
    quant: str  # "", "count" or "share"
    actor: bool
    qualified: bool  # directly followed by a relative clause or a value participle
    delivered: bool  # directly followed by a delivery participle ("features shipped")


@dataclass(frozen=True, slots=True)
class _Result:
    output: Match | None
    easy: Match | None
    ugc: Match | None
    traction: Match | None
    sentiment: Match | None
    financial: Match | None
    solution: Match | None
    kind: str


def _is_participle(tok: _Tok) -> bool:
    k = tok.key
    return (len(k) > 4 and k.endswith("ed")) or k in _IRREGULAR_PARTICIPLES or k in _DELIVERED


def _is_gerund(tok: _Tok) -> bool:
    return len(tok.key) > 5 and tok.key.endswith("ing") and tok.key not in _ING_NOUNS


def _is_modifier(tok: _Tok) -> bool:
    k = tok.key
    return (
        k in _DETERMINERS
        or k in _ACTIVITY_MODIFIERS
        or k in _NEWNESS_MODIFIERS
        or k in _VALUE_MODIFIERS
        or k[:1].isdigit()
        or k in ("weekly", "monthly", "daily", "yearly", "quarterly", "annual", "free", "single")
    )


_METRIC_NOUNS: Final = (
    _EASY_NOUNS
    | _UGC_NOUNS
    | _TRACTION_NOUNS
    | _ARTIFACTS
    | _words(
        "churn satisfaction effort rating score lifetime value share retention rate count "
        "base segment group success journey experience registration signup"
    )
)


# Words that open a time after a noun phrase: "100 reviews this quarter", "orders each week".
_TIME_OPENERS: Final = _words("this next last every each")
_TIME_NOUNS: Final = _words("day week month quarter year sprint period season fortnight")


# Bounds before an amount: "at least 70% of ...", "more than 100 ...", "up to 5 ...".
_BOUNDS: Final[dict[str, tuple[str, ...]]] = {
    "at": ("least", "most"),
    "more": ("than",),
    "less": ("than",),
    "fewer": ("than",),
    "up": ("to",),
}


def _is_amount(key: str) -> bool:
    return key[:1].isdigit() or key[:1] in "$€£"


def _quantifies(toks: list[_Tok], i: int) -> bool:
    """Token ``i`` starts a quantifier ("more", "increase in", "% of")."""
    k = toks[i].key
    if k in ("more", "fewer", "less"):
        return True
    return k in _QUANT_HEADS and i + 1 < len(toks) and toks[i + 1].key in ("of", "in")


def _parse_head(toks: list[_Tok], i: int) -> _Head:
    """Read one noun phrase from token ``i``: quantifiers, modifiers, then nouns."""
    n = len(toks)
    quant = ""
    # quantifier prefixes: "number of", "% of", "share of", "#", "more", "total"
    while i < n:
        k = toks[i].key
        if k in _DETERMINERS and k not in ("total", "average", "avg", "mean", "median"):
            i += 1
        elif k in ("more", "fewer", "less"):
            quant = quant or "count"
            i += 1
        elif k in _QUANT_HEADS and i + 1 < n and toks[i + 1].key in ("of", "in"):
            quant = "share" if k in _SHARE_WORDS else "count"
            i += 2
        elif k in ("#", "total"):
            quant = "count"
            i += 1
        elif k in _BOUNDS and i + 1 < n and toks[i + 1].key in _BOUNDS[k]:
            i += 2  # "at least", "more than", "up to"
        elif _is_amount(k) and i + 1 < n and _quantifies(toks, i + 1):
            i += 1  # "25% more leads", "a 10% increase in engagement"
        elif k.endswith("%") and k[:1].isdigit() and i + 1 < n and toks[i + 1].key == "of":
            quant = "share"  # "100% of pull requests"
            i += 2
        else:
            break
    start = i
    has_noun = False
    actor = False
    while i < n:
        tok = toks[i]
        k = tok.key
        if k in _BOUNDARIES and not (k == "%" or (k == "and" and not has_noun)):
            break
        modifies = (  # "marketing qualified leads": a value participle before its noun
            k in _VALUE_MODIFIERS and i + 1 < n and toks[i + 1].key not in _BOUNDARIES
        )
        if has_noun and (_is_participle(tok) or _is_gerund(tok)) and not modifies:
            break
        if has_noun and k in _SKIP_IN_CLAUSE:
            break
        if has_noun and k in _TIME_OPENERS and i + 1 < n and toks[i + 1].lemma in _TIME_NOUNS:
            break  # "reviews this quarter", "orders each week": the time is not the head
        if (
            has_noun
            and tok.lemma in _TIME_NOUNS
            and i + 2 < n
            and toks[i + 1].key in ("over", "on")
            and toks[i + 2].lemma == tok.lemma
        ):
            break  # "engagement week over week": the comparison is not the head
        if has_noun and k in ("up", "down") and i + 1 < n and _is_amount(toks[i + 1].key):
            break  # "NPS up 12 points": the move is not the head
        i += 1
        # people: a known actor noun, any noun followed by "who", or a plural noun that wants,
        # needs, can or should ("pharmacies want ...")
        if (
            tok.lemma in _ACTORS
            or (i < n and toks[i].key == "who")
            or (
                i < n
                and tok.key != tok.lemma
                and toks[i].key in _AUX_VERBS
                and not _passive(toks, i)
            )
        ):
            # a bare singular actor noun modifies the next noun: "customer churn", "team leads",
            # "customer acquisition cost"; "a customer", "the user" or "customers" do not
            nxt = toks[i].key if i < n else ""
            prev = toks[i - 2].key if i >= 2 else ""
            compound = (
                tok.key == tok.lemma
                and tok.key not in _PLURAL_ACTORS
                and (prev not in _ARTICLES or toks[i].lemma in _METRIC_NOUNS)
                and nxt != ""
                and nxt not in _BOUNDARIES
                and nxt not in _SKIP_IN_CLAUSE
                and nxt not in _AUX_VERBS
            )
            if not compound:
                actor = True
                break
        if not _is_modifier(tok):
            has_noun = True
    end = i
    nxt_tok = toks[end] if end < n else None
    qualified = False
    delivered = False
    if nxt_tok is not None and not actor:
        if nxt_tok.key in _RELATIVES or nxt_tok.key in _VALUE_PARTICIPLES:
            qualified = True
        elif nxt_tok.key in _DELIVERED:
            delivered = True
    return _Head(start, end, quant, actor, qualified, delivered)


@dataclass(slots=True)
class _Action:
    verb: int  # token index of the first verb, -1 when there is none
    followed: bool  # a further verb follows ("... and buy", "... to book")


def _parse_action(toks: list[_Tok], i: int) -> _Action:
    """The first verb an actor performs from token ``i`` and whether another verb follows."""
    n = len(toks)
    if i + 1 < n and toks[i].key in ("or", "and") and toks[i + 1].lemma in _ACTORS:
        i += 2  # "users or accounts using ...": the action of both
    if i + 1 < n and toks[i].key == "," and toks[i + 1].key in _RELATIVES:
        i += 2
    elif i < n and toks[i].key in _RELATIVES:
        i += 1
    elif i < n and toks[i].key in _SEGMENT_PREPS:
        # "drivers with a rating above 4.8 who accept ...": skip to the relative clause
        j = i
        while j < n and toks[j].key not in _RELATIVES and toks[j].key not in (",", ";", ":"):
            j += 1
        if j >= n or toks[j].key not in _RELATIVES:
            return _Action(-1, False)
        i = j + 1
    while i < n and (
        toks[i].key in _SKIP_IN_CLAUSE or (len(toks[i].key) > 6 and toks[i].key.endswith("ly"))
    ):
        i += 1  # "accounts actively using ...": the adverb is not the action
    if (
        i + 1 < n
        and toks[i].key in ("have", "has", "had")
        and toks[i + 1].key in ("used", "adopted")
    ):
        i += 1  # "users who have used the feature": the use is the action
    if i >= n or toks[i].key in _NOT_VERBS or _is_amount(toks[i].key):
        return _Action(-1, False)  # "members to 2,000": a target, not something they do
    verb = i
    followed = False
    j = i + 1
    while j < n:
        k = toks[j].key
        if k in (",", ";", ":", "while", "without", "guarded"):
            break
        if k in ("and", "then", "to") and j + 1 < n:
            nk = toks[j + 1].key
            plural_actor = toks[j + 1].lemma in _ACTORS and toks[j + 1].lemma != nk
            if nk not in _NOT_VERBS and not nk[:1].isdigit() and not plural_actor:
                followed = True
                break
        j += 1
    # a second main verb after a relative clause ("customers who connect X keep using it")
    return _Action(verb, followed)


_CLOSERS: Final = {"(": ")", "[": "]", "{": "}"}
_TRAILING: Final = (_BOUNDARIES | _ARTICLES | _words("our their its my your")) - _words(") >")


def _object_end(toks: list[_Tok], head: _Head) -> int:
    """The last token of what follows a people head: "give managers a summary" ends at
    "summary", "hire 10 new engineers by end of Q2" at "engineers"."""
    n = len(toks)
    i = head.end
    if i < n and toks[i].key == "to" and i + 1 < n:  # "allow sellers to edit"
        return i + 1
    if i >= n or toks[i].key in _BOUNDARIES:
        return head.end - 1
    nxt = _parse_head(toks, i)
    return nxt.end - 1 if nxt.end > nxt.start else head.end - 1


def _span(a: _Analysis, first: int, last: int) -> str:
    """Original words covered by tokens ``first``..``last`` inclusive.

    A bracket opened inside the span is closed inside it too (the span runs on to its
    closing bracket), so a quote never ends in the middle of "(by Q3)" or "[beta]".
    """
    toks = a.toks
    first = max(0, min(first, len(toks) - 1))
    last = max(first, min(last, len(toks) - 1))
    # a quote never ends on "of", "by", "the" or a comma
    while last > first and toks[last].key in _TRAILING:
        last -= 1
    start, end = toks[first].start, toks[last].end
    text = a.text
    for opener, closer in _CLOSERS.items():
        if text.count(opener, start, end) > text.count(closer, start, end):
            found = text.find(closer, end)
            if found != -1:
                end = found + 1
    return text[start:end].strip()


@dataclass(slots=True)
class _Analysis:
    text: str
    low: str
    toks: list[_Tok]


_REASONS: Final[dict[str, str]] = {
    "output": "This names something to build or ship. What should people do differently once "
    "it exists, and how would you see it?",
    "easy": "This counts an early, easy step. Measure the moment people get value from it, "
    "or tie the step to what follows.",
    "ugc": "This counts what users produce. It can rise without helping anyone; measure the "
    "moment that content helps someone decide or act.",
    "traction": "This measures looking at or trying one feature. People can do that and still "
    "not get what they came for; measure what they do next.",
    "sentiment": "A feeling or score alone gives no direction. Pair a behaviour with it, and "
    "keep the score as a guardrail.",
    "financial": "This is a business result: lagging, and no single team moves it directly. "
    "Translate it into a customer behaviour the team can influence.",
    "solution": "This is phrased as a solution. What need or pain sits behind it?",
}


def _match(key: str, phrase: str, certain: bool = True) -> Match:
    return Match(phrase=phrase, reason=_REASONS[key], certain=certain)


def _wants_a_thing(toks: list[_Tok], verb: int) -> bool:
    """What people want or need is a thing to build ("a calendar view", "an API", "the export
    in PDF", "Slack integration"), not a need ("more time", "reassurance", "faster delivery",
    "help understanding their bill")."""
    i = verb + 1
    skip = ("for", "to", "keep", "still", "really", "also", "ask", "asking", "asked")
    while i < len(toks) and toks[i].key in skip:
        i += 1  # "ask for", "keep asking for"
    if i >= len(toks):
        return False
    if toks[i].key in ("a", "an", "the"):
        return True
    head = _parse_head(toks, i)
    noun = toks[head.end - 1] if head.end > head.start else None
    return noun is not None and (noun.lemma in _ARTIFACTS or noun.lemma in _FEATURE_NOUNS)


# Bounds after which an amount of money only picks out whom a statement is about.
_SEGMENT_BOUNDS: Final = _words("over above under below")


def _segment_amount(toks: list[_Tok], at: int) -> bool:
    """An amount that picks out people or accounts ("all accounts over $1m", "customers above
    $50k"), not the measure: the accounts are who the statement is about."""
    k = next((j for j, t in enumerate(toks) if t.start <= at < t.end), -1)
    return k >= 2 and toks[k - 1].key in _SEGMENT_BOUNDS and toks[k - 2].lemma in _ACTORS


def _handled_on(toks: list[_Tok], head: _Head) -> bool:
    """The relative clause after a head only says the team passed it on ("leads that are
    handed to the sales team"): a passive participle that is no later step, so the count is
    still of the early step itself. "Leads that are accepted by sales" is a later step."""
    i = head.end
    if not (
        i + 2 < len(toks)
        and toks[i].key in _RELATIVES
        and _passive(toks, i + 1)
        and toks[i + 2].key not in _VALUE_PARTICIPLES
        and toks[i + 2].key not in _VALUE_MODIFIERS
    ):
        return False
    # "... handed to sales and convert within 30 days": a later step follows after all
    clause = [t.key for t in toks[i + 3 :]]
    stop = next((k for k, w in enumerate(clause) if w in (",", ";", ":")), len(clause))
    return not any(w in ("and", "then") for w in clause[:stop])


def _passive(toks: list[_Tok], i: int) -> bool:
    """ "are reviewed", "were shipped": things acted upon, not people acting."""
    return (
        toks[i].key in ("is", "are", "was", "were", "be", "been")
        and i + 1 < len(toks)
        and _is_participle(toks[i + 1])
    )


def _new_people_counted(toks: list[_Tok], h: _Head) -> bool:
    """ "New user growth rate", "New customer acquisition numbers": new people counted."""
    lemmas = [t.lemma for t in toks[h.start : h.end]]
    newcomers = any(
        lemmas[k] in _NEWNESS_MODIFIERS and lemmas[k + 1] in _ACTORS for k in range(len(lemmas) - 1)
    )
    last = lemmas[-1] if lemmas[-1] != "rate" or len(lemmas) < 2 else lemmas[-2]
    if newcomers and last in ("growth", "acquisition", "number", "count", "total"):
        return True
    # "User growth rate", "Customer growth": the number of people growing, not what they do
    active = any(
        t.key in _ACTIVITY_MODIFIERS or t.key in _VALUE_MODIFIERS for t in toks[h.start : h.end]
    )
    return (
        not active
        and last == "growth"
        and len(lemmas) >= 2
        and lemmas[lemmas.index("growth") - 1] in _ACTORS
        and lemmas[lemmas.index("growth") - 1] not in _STAFF
    )


def _spent_on_feature(toks: list[_Tok], low: str) -> bool:
    """Time spent on one feature ("in the editor") is traction; time spent listening or on the
    product as a whole is how much people use it, a behaviour."""
    found = _TIME_SPENT_RE.search(low)
    if found is None:
        return False
    words = [_singular(w) for w in found.group(1).split()]
    things = _FEATURE_NOUNS | _ARTIFACTS
    return words[0] not in _WHOLE_PRODUCT and any(w in things for w in words)


def _internal_work(toks: list[_Tok], head: _Head, guard_at: int) -> bool:
    """A head naming work the team produces: test coverage, bugs, code reviews ("lines of code
    written"), or a thing the team handled ("brochures handed out", "CVs reviewed")."""
    # the head and its "of" complement ("lines of code"), not what it is for
    span = [t.lemma for t in toks[head.start :] if t.start < guard_at]
    stop = next((k for k, w in enumerate(span) if w in _BOUNDARIES and w != "of"), None)
    if shape.is_work(span[:stop]):
        return True
    noun = toks[head.end - 1].lemma
    keys = [t.key for t in toks]
    if not shape.handled(keys, head.end):
        return False
    # content is users' unless the participle is a publisher's ("posts published")
    return (
        noun not in _BEHAVIOUR_NOUNS
        and (
            noun not in _UGC_NOUNS
            or (shape.published(keys, head.end) and not _users_made(toks, head))
        )
        and noun not in _EASY_NOUNS
    )


# Particles of a phrasal verb: "Stand up a board", "Put together a kit", "Wind down the pilot".
_VERB_PARTICLES: Final = _words("up together out down off")
# What an imperative verb is told by: an article, a possessive or a quantity after it.
_OBJECT_STARTS: Final = _words(
    "a an the our their its this these those all every each one two three four five six "
    "seven eight nine ten twelve twenty fifty hundred"
)
# Words that open a measure, not an imperative: "Top 3 ...", "Only 5% ...", "First 30 days".
_NOT_IMPERATIVE: Final = (
    _NOT_VERBS
    | _QUANT_HEADS
    | _CHANGE_LEADS
    | _PUSH_LEADS
    | _words(
        "top only first last over under next just nearly almost around approximately "
        "about both half zero how what which why whether number share time up at by in "
        "ensure"
    )
)


def _opens_unknown_verb(toks: list[_Tok], i: int) -> bool:
    """Token ``i`` opens the statement as an imperative the word classes do not list: a plain
    word (not people, a quantity or an adverb), then an article, a possessive or a number,
    directly or after a particle. Only a guess, so it only ever leads to a hint."""
    n = len(toks)
    if i != 0 or i + 1 >= n:
        return False
    word = toks[i]
    if (
        not word.key.isalpha()
        or word.key in _NOT_IMPERATIVE
        or word.lemma in _ACTORS
        or word.key.endswith("ly")
        or word.key != word.lemma  # a plural noun ("Sales", "Users") or a third-person verb
    ):
        return False
    j = i + 2 if toks[i + 1].key in _VERB_PARTICLES else i + 1
    if toks[i + 1].key in ("up", "down") and j < n and _is_amount(toks[j].key):
        return False  # "NPS up 50", "Churn down 2%": a measure that moved
    return j < n and (toks[j].key in _OBJECT_STARTS or toks[j].key[:1].isdigit())


def _made_thing(toks: list[_Tok], head: _Head) -> int:
    """The last token of the object of an unknown imperative when it is a thing made or done
    (not a measure, an audience, money, a step people take or how they feel), else -1."""
    if head.qualified or head.quant == "share" or head.end <= head.start:
        return -1  # "Resolve 90% of tickets": a share measured, not a thing made
    end = head.end
    if head.actor:
        # "a customer advisory board": a singular person word only modifies the thing made;
        # "the same learners back", "every client completes" are people acted on
        person = toks[end - 1]
        if person.key != person.lemma or end >= len(toks):
            return -1
        nxt = toks[end]
        if (
            not nxt.key.isalpha()
            or nxt.key in _DETERMINERS
            or nxt.key in _OBJECT_STARTS
            or nxt.key != nxt.lemma
        ):
            return -1
        while end < len(toks) and toks[end].key not in _BOUNDARIES and toks[end].key.isalpha():
            if _is_participle(toks[end]) or toks[end].key in _SKIP_IN_CLAUSE:
                break
            end += 1
        if end == head.end or toks[end - 1].lemma in _ACTORS:
            return -1
    noun = toks[end - 1]
    lemmas = [t.lemma for t in toks[head.start : end]]
    words = " ".join(t.raw for t in toks[head.start : end])
    other = (
        shape.is_measure(noun.lemma)
        or noun.lemma in _EASY_NOUNS
        or noun.lemma in _TRACTION_NOUNS
        or noun.lemma in _BEHAVIOUR_NOUNS
        or shape.audience(lemmas, []) != ""
        or shape.money([t.key for t in toks], head.start) >= 0
        or _FIN_STRONG_RE.search(words) is not None
        or _SENTIMENT_HEAD_RE.search(words) is not None
        or noun.key in ("%", "percent", "point", "points", "hour", "hours", "day", "days")
        or _users_content(noun.lemma)  # "Receive 100 Google reviews": users write them
    )
    return -1 if other else end - 1


def _reaches_a_count(toks: list[_Tok], i: int) -> bool:
    """A work verb whose object is a count of an audience or an amount of money: "Add 5,000
    new members", "Add €2.5M in new pipeline" reach a count; "Hire 10 new engineers" does not."""
    n = len(toks)
    if i + 1 >= n:
        return False
    if toks[i + 1].key[:1] in "$€£":
        return True
    at = i + 1
    if not _is_amount(toks[at].key):
        # "Build a community of 10,000 members": the amount after "of" names the count
        k = i + 1
        while k < n and toks[k].key not in _BOUNDARIES:
            k += 1
        if not (k + 1 < n and toks[k].key == "of" and _is_amount(toks[k + 1].key)):
            return False
        at = k + 1
        if toks[at].key[:1] in "$€£":
            return True
    head = _parse_head(toks, at)
    if head.end <= head.start:
        return False
    lemmas = [t.lemma for t in toks[head.start : head.end]]
    making = toks[i].key in _MAKING_VERBS
    staff = any(lemma in _STAFF for lemma in lemmas)  # "Add 3 new team members": hires
    return (
        (shape.audience(lemmas, []) == "easy" and not staff)
        # "Collect 5,000 email sign-ups"; "Launch 2 new applications" makes them
        or (lemmas[-1] in _EASY_NOUNS and not making)
        or (toks[i].key == "add" and lemmas[-1] in ("user", "customer", "client", "subscriber"))
        # "Sign 40 new customers": people who joined are counted, whatever the work was
        or (toks[i].key in _JOINING_VERBS and _newcomers(toks, head))
        # "Collect 500 customer reviews": what users write is theirs, not the team's work
        or (any(_users_content(lemma) for lemma in lemmas) and not making)
    )


# Verbs of bringing people in: their object is people who joined ("Sign 40 new customers");
# other work verbs act on people who stay where they are ("Follow 300 new accounts"), and
# recruiting is hiring, the team's own work ("Recruit 50 new volunteers").
_JOINING_VERBS: Final = _verb_forms(
    "sign close onboard acquire win land add convert enrol enroll bring secure welcome"
)


# Early steps that name a stage people are at ("trial users", "waitlist members"); other
# early-step nouns modify people in other senses ("lead designers", "application developers").
_STAGE_NOUNS: Final = _words("trial signup waitlist optin")


def _newcomers(toks: list[_Tok], head: _Head) -> bool:
    """A head of new people who are not the team's own staff: "40 new customers", "12 new
    clients" are a count of people who joined; "10 new engineers" are hires."""
    if not head.actor or head.end <= head.start:
        return False
    words = toks[head.start : head.end]
    return not any(t.lemma in _STAFF for t in words) and any(
        t.key in _NEWNESS_MODIFIERS for t in words
    )


def _users_content(lemma: str) -> bool:
    """Content only users produce (reviews, testimonials, comments, ratings), as opposed to
    content a business publishes as often as its users do (posts, articles, videos)."""
    return lemma in _UGC_NOUNS and lemma not in _PUBLISHABLE


_LEVELS: Final = _words(
    "rate ratio time frequency volume level score speed duration quality adherence value size "
    "length usage uptime latency share percentage conversion retention completion activation"
)
_CHANGE_NOUNS: Final = _words("reduction decrease increase improvement uplift growth drop")
# Verbs that make something new or offer it: a measure or a service they make is a thing
# built ("Offer same-day delivery", "Add recurring payments"), not a measure changed.
_MAKING_VERBS: Final = _words(
    "build create develop design launch implement introduce define setup establish ship "
    "release deploy draft produce write add offer provide enable support integrate"
)


def _changes_a_measure(toks: list[_Tok], i: int) -> bool:
    """A work verb whose object is a measure or money: "Optimise checkout conversion to 4%",
    "Extend average session length", "Negotiate a 10% reduction in hosting costs" change a
    measure; "Optimise the onboarding emails" works on a thing."""
    if i + 1 >= len(toks) or toks[i + 1].key in ("of", "in", "to", "for", "with", "on"):
        return False
    head = _parse_head(toks, i + 1)
    if head.end <= head.start or head.actor:
        return False
    noun = toks[head.end - 1]
    if noun.lemma in _CHANGE_NOUNS:  # "Negotiate a 10% reduction in hosting costs"
        return True
    if toks[i].key in _MAKING_VERBS or toks[i + 1].key in ("a", "an"):
        return False  # "Create a customer health score": a new measure is a thing made
    if noun.lemma == "time" and head.end - 2 >= head.start and _is_amount(toks[head.end - 2].key):
        return False  # "Post 30 times": the work done thirty times
    # the measure is the last noun: "a churn prediction model" is a thing to build
    last = " ".join(t.raw for t in toks[head.start : head.end])
    money = _FIN_STRONG_RE.search(last)
    # a level, not items counted: "Fix 90% of critical errors" works through errors
    return (
        noun.lemma in _LEVELS
        or noun.lemma.endswith(("rate", "time", "ratio", "score"))
        or shape.money([t.key for t in toks[: head.end]], head.end - 1) >= 0
        or (money is not None and money.end() == len(last))
    )


_ATTENTION: Final = _words("visitor viewer")


def _target_head(toks: list[_Tok], head: _Head) -> _Head | None:
    """The audience named after "to", "of" or "by" and an amount when the measured head is a
    group that is not counted itself ("the community to 5,000 members", "a community of
    10,000 members", "our email list by 5,000 subscribers"), else None."""
    n = len(toks)
    k = head.end
    if not (k + 2 < n and toks[k].key in ("to", "of", "by") and _is_amount(toks[k + 1].key)):
        return None
    target = _parse_head(toks, k + 1)
    if target.end <= target.start:
        return None
    lemmas = [t.lemma for t in toks[target.start : target.end]]
    named = {t.lemma for t in toks[head.start : head.end]}
    if lemmas[-1] in named or shape.audience(lemmas, []) != "easy":
        return None  # "from 2,000 to 5,000 members" repeats the head it measures
    return target


def _users_made(toks: list[_Tok], head: _Head) -> bool:
    """The statement says people produced the content: a person word in the head ("customer
    stories", "user posts"), "by" or "per" and people after it, or a participle of users'
    making ("videos uploaded")."""
    if any(
        t.lemma in _ACTORS or t.key in ("usergenerated", "ugc") for t in toks[head.start : head.end]
    ):
        return True
    n = len(toks)
    if head.end < n and toks[head.end].key in _USER_PARTICIPLES:
        return True
    for k in range(head.end, min(n - 1, head.end + 8)):
        if toks[k].key in ("by", "per", "from", "in", "on"):
            after = [t.lemma for t in toks[k + 1 : k + 4]]
            # people, or the place where they post ("in the community forum")
            return any(lemma in _ACTORS or lemma in _USER_PLACES for lemma in after)
    return False


# What a service delivers to customers, event by event: delivering them on time is a service
# level, not a thing to ship ("Ship 95% of orders the same day").
# (with _BEHAVIOUR_NOUNS: orders, deliveries, bookings, payments), by the verbs that can serve
# one event at a time ("Introduce instalment payments" makes a new thing instead).
_SERVICE_EVENTS: Final = _words("payout refund reply response return")
_SERVING_VERBS: Final = _verb_forms("ship deliver complete dispatch send process handle fulfil")


# The team's own people: what they finish is the team's work ("Features shipped per engineer").
_STAFF: Final = _words(
    "developer engineer designer writer author editor team employee agent rep analyst "
    "marketer staff manager admin administrator"
)


def _by_people(toks: list[_Tok], i: int) -> bool:
    """ "by students", "per member": people did what the participle says ("Workouts finished
    per member" are a behaviour, not something delivered)."""
    n = len(toks)
    if i >= n or toks[i].key not in ("by", "per"):
        return False
    after = [t for t in toks[i + 1 : i + 4] if t.key not in _DETERMINERS]
    return bool(after) and after[0].lemma in _ACTORS and after[0].lemma not in _STAFF


def _surely_delivered(toks: list[_Tok], head: _Head, artifact: bool) -> bool:
    """ "New checkout live by June" is surely delivered; "Onboarding done within a day" or
    "Setup finished in under 10 minutes" may be how fast people get through it: a hint."""
    n = len(toks)
    participle = toks[head.end].key if head.end < n else ""
    after = [t.key for t in toks[head.end + 1 : head.end + 3]]
    speed = after[:1] == ["within"] or (after[:1] == ["in"] and after[1:2] in (["under"], ["less"]))
    # "Packages delivered on time", "Meals sent within the hour": a thing that is not built,
    # handed over by a serving verb, may be a service level customers feel: a hint
    served = not artifact and participle in _SERVING_VERBS
    return participle not in ("done", "finished", "completed") and not speed and not served


def _time_bound(toks: list[_Tok], start: int) -> bool:
    """A bound on how long something takes after ``start``: "within 3 days", "in under 10
    minutes", "in less than an hour"."""
    keys = [t.key for t in toks[start + 1 :]]
    for k, key in enumerate(keys[:-1]):
        if key == "within" or (key == "in" and keys[k + 1] in ("under", "less")):
            return True
    return False


def _customers_counted(toks: list[_Tok], head: _Head) -> bool:
    """The object of a work verb is an amount of people who are not the team's staff: "500
    customers", "50 lapsed donors"."""
    if not head.actor or head.end <= head.start:
        return False
    words = toks[head.start : head.end]
    return any(_is_amount(t.key) for t in words) and not any(t.lemma in _STAFF for t in words)


def _has_share(toks: list[_Tok], start: int) -> bool:
    """A percentage after ``start``: "80% of services", "30% more orders"."""
    return any(t.key.endswith("%") and t.key[:1].isdigit() for t in toks[start + 1 :])


def _serves(toks: list[_Tok], head: _Head, lead: int) -> bool:
    """A delivery verb that serves customers rather than ships a thing: its object is a service
    event ("orders", "deliveries", "a first reply"), or a share of people who then act."""
    if head.end <= head.start:
        return False
    # the head runs on over "a day", "the same day": any of its nouns may be the event
    if toks[lead].key in _SERVING_VERBS and any(
        t.lemma in _SERVICE_EVENTS or t.lemma in _BEHAVIOUR_NOUNS
        for t in toks[head.start : head.end]
    ):
        return True
    return head.actor and head.quant == "share"


_LOOK_VERBS: Final = _TRACTION_VERBS | _USE_VERBS | _verb_forms("login discover browse explore")


# Verbs of dealing with something: with one feature as their object ("engage with a specific
# feature") they are its use; with anything else ("engage with their team") they are not read.
_ENGAGE_VERBS: Final = _verb_forms("engage interact")
_FREQUENCIES: Final = _words("daily weekly monthly yearly quarterly annually regularly often")
# Collective nouns that name several features at once: "a defined set of strategic features".
_SET_NOUNS: Final = _words("set suite group range pair number")


# Verbs of choosing or starting something: with an early step as their object ("opting for a
# free trial", "requesting a demo") the choice is that step, nothing more.
_CHOOSING_VERBS: Final = _verb_forms("opt start begin request choose")
# Measures of a count: "search volume", "click rate", "view count".
_RATE_NOUNS: Final = _words("rate ratio count volume number")


def _thing_end(lemmas: list[str]) -> int:
    """The index of the last feature or artifact noun before a clause boundary, running on
    over "a set of", or -1."""
    found = -1
    for k, lemma in enumerate(lemmas):
        if (
            lemma in _BOUNDARIES
            and not (lemma == "of" and k > 0 and lemmas[k - 1] in _SET_NOUNS)
            and not (lemma == "with" and k == 0)
        ):
            break
        if lemma in _FEATURE_NOUNS or lemma in _ARTIFACTS or lemma == "view":
            found = k
    return found


def _one_thing(lemmas: list[str]) -> bool:
    """What people use is one feature or one thing built, not the product as a whole ("the
    Slack integration", "the new timeline view"; not "the app")."""
    stop = next((k for k, w in enumerate(lemmas) if w in _BOUNDARIES), len(lemmas))
    if 0 < stop < len(lemmas) - 1 and lemmas[stop] == "of" and lemmas[stop - 1] in _SET_NOUNS:
        return _one_thing(lemmas[stop + 1 :])  # "a set of strategic features"
    seen = lemmas[:stop]
    while seen and seen[-1] in _FREQUENCIES:
        seen = seen[:-1]  # "the platform monthly": how often, not what
    if any(w in _WHOLE_PRODUCT for w in seen[-1:]):
        return False
    return any(w in _FEATURE_NOUNS or w in _ARTIFACTS or w == "view" for w in seen)


def _shallow_chain(toks: list[_Tok], action: _Action) -> tuple[str, int]:
    """Joined verbs that add no value: "easy" when each is an early step ("download the app
    and register"), "traction" when each only looks at or uses one thing ("open and use the
    new dashboard"), else "". With the index of the last verb of the chain."""
    n = len(toks)
    verbs = [action.verb]
    j = action.verb + 1
    while j < n and toks[j].key not in (",", ";", ":", "while", "without", "guarded"):
        purpose = j + 1 < n and toks[j].key == "to" and toks[j + 1].key not in _NOT_VERBS
        if purpose and toks[j + 1].lemma not in _ACTORS and not _is_amount(toks[j + 1].key):
            return "", -1  # "use the budgeting feature to stay under budget": a purpose
        if toks[j].key in ("and", "then") and j + 1 < n:
            k = j + 1
            while k < n and toks[k].key.endswith("ly"):
                k += 1  # "and actively use"
            if k < n and toks[k].key not in _NOT_VERBS and not toks[k].key[:1].isdigit():
                verbs.append(k)
        j += 1
    clause = [t.lemma for t in toks[action.verb + 1 : j]]
    keys = [toks[v].key for v in verbs]
    account = "account" in clause

    def early(key: str) -> bool:
        return key in _EASY_VERBS or (account and key in ("create", "created", "open", "opened"))

    if all(early(key) for key in keys):
        return "easy", verbs[-1]
    looks = all(early(key) or key in _LOOK_VERBS for key in keys)
    uses = any(key in _USE_VERBS for key in keys)
    used = [t.lemma for t in toks[verbs[-1] + 1 : j]]  # what the last verb acts on
    if looks and (not uses or _one_thing(used)):
        return "traction", verbs[-1]
    return "", -1


def _used_passively(toks: list[_Tok], head: _Head) -> bool:
    """One thing said to be used, opened or viewed, and nothing after: "How often the new
    feature is used" counts the feature's uptake."""
    end = head.end
    noun = toks[end - 1].lemma
    return (
        (noun in _FEATURE_NOUNS or noun in _ARTIFACTS)
        and end + 1 < len(toks)
        and toks[end].key in ("is", "are", "was", "were", "be", "been")
        and (toks[end + 1].key in _USE_VERBS or toks[end + 1].key in _TRACTION_VERBS)
        and (end + 2 >= len(toks) or toks[end + 2].key in (",", ";", "by", "per", "each"))
    )


def _normalise(text: str) -> str:
    low = text.translate(_NORMALISE)
    if low.isascii():
        return low.lower()
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in low)


@lru_cache(maxsize=8192)
def _analyse(text: str) -> _Result:
    low = _normalise(text)
    toks = _tokens(low)
    a = _Analysis(text, low, toks)
    n = len(toks)
    none = _Result(None, None, None, None, None, None, None, "other")
    if n == 0:
        return none

    pain = _PAIN_RE.search(low) is not None

    # ---- lead: labels, team voice, opening verb --------------------------------------------
    pos = 0
    m = _LABEL_RE.match(low) if (":" in low or "-" in low) else None
    if m and (":" in m.group() or ("-" in m.group() and m.end() > 2)):
        pos = m.end()
    team_need = False
    if toks[0].key in _TEAM_OPENERS or pos:
        m2 = _TEAM_NEED_RE.match(low, pos)
        if m2:
            team_need = True
            pos = m2.end()
        else:
            m3 = _TEAM_VOICE_RE.match(low, pos)
            if m3:
                pos = m3.end()
    i = 0
    while i < n and toks[i].start < pos:
        i += 1
    if i >= n:
        return none
    # a question is a measure: "How many of them sign up", "How often the feature is used"
    if i + 2 < n and toks[i].key == "how" and toks[i + 1].key in ("many", "much", "often"):
        i += 3 if toks[i + 2].key == "of" else 2
    # an adverb before the opening verb: "Successfully launch our new product"
    if (
        i + 1 < n
        and toks[i].key.endswith("ly")
        and (toks[i + 1].key in _STRONG_DELIVERY or shape.opens_activity(toks[i + 1].key))
    ):
        i += 1
    lead_i = i
    lead = toks[i].key
    lead_kind = ""
    keys = [t.key for t in toks]
    lemmas = [t.lemma for t in toks]
    opening = "" if team_need else shape.opening(keys, lemmas, i)
    if team_need:
        lead_kind = "team_need"
    elif (lead in _STRONG_DELIVERY or opening in ("activity", "activity?")) and (
        _reaches_a_count(toks, i) or _changes_a_measure(toks, i)
    ):
        # "Add 5,000 new members", "Add €2.5M in new pipeline": a count reached, not a thing;
        # "Optimise checkout conversion to 4%": a measure changed
        lead_kind = "change"
        i += 1
    elif (
        lead in _STRONG_DELIVERY
        and not (i + 1 < n and toks[i + 1].key in ("of", "in"))
        and not (i + 1 < n and _is_participle(toks[i + 1]))  # "Setup finished": a noun
        and not shape.measure_follows(lemmas, i + 1)
    ):
        lead_kind = "deliver"
        i += 1
    elif opening in ("activity", "activity?") and lead not in _CHANGE_LEADS:
        # "Hire 2 salespeople", "Publish two articles a week", "Use ticket templates"
        lead_kind = "deliver" if opening == "activity" else "deliver?"
        i += 1
        if i < n and toks[i].key in ("out", "up", "off"):
            i += 1
    elif opening == "attain":  # "Achieve 95% coverage", "Reach 10,000 visits"
        lead_kind = "change"
        i += 1
    elif lead in _PUSH_LEADS and i + 1 < n:
        lead_kind = "push"
        i += 1
    elif lead in _CHANGE_LEADS or lead in _WEAK_DELIVERY:
        lead_kind = "change"
        if lead not in ("more", "fewer", "less"):
            i += 1
            if i < n and toks[i].key in ("of", "in"):  # "increase of customers ..."
                i += 1
    elif lead == "support" and _SUPPORT_FOR_RE.match(low, toks[i].start):
        lead_kind = "deliver"
        i += 2
    elif _opens_unknown_verb(toks, i):
        # an imperative the word classes do not know, told by its shape: a word, then an
        # article or a number ("Open two new offices", "Stand up a customer advisory board")
        lead_kind = "act?"
        i += 2 if toks[i + 1].key in _VERB_PARTICLES else 1

    head = _parse_head(toks, i)
    heads = [head]
    j = head.end
    while j < n and toks[j].key in ("and", ",", "&", ":", "or") and not head.actor:
        if toks[j].key == ":" and heads[-1].delivered:
            break
        nxt = _parse_head(toks, j + 1)
        if nxt.end <= nxt.start:
            break
        heads.append(nxt)
        j = nxt.end
    head_noun = toks[head.end - 1] if head.end > head.start else None
    head_lemma = head_noun.lemma if head_noun is not None else ""

    # the action of a people head; after a push verb too ("make more users (to) return")
    action = _Action(-1, False)
    if head.actor:
        action = _parse_action(toks, head.end)
    verb_tok = toks[action.verb] if action.verb >= 0 else None
    verb = verb_tok.key if verb_tok is not None else ""
    head_active = any(
        toks[k].key in _ACTIVITY_MODIFIERS or toks[k].key in _VALUE_MODIFIERS
        for k in range(head.start, head.end)
    )
    clause_text = low[verb_tok.start :] if verb_tok is not None else ""

    # guard region: everything after "without lowering", "while", "guarded by"
    g = _GUARD_RE.search(low)
    guard_at = g.start() if g else len(low)

    lack = toks[0].key in _LACK_OPENERS and _LACK_RE.match(low) is not None
    want = (
        head.actor
        and verb_tok is not None
        and lead_kind in ("", "change")
        and _WANT_RE.match(clause_text) is not None
        and toks[head.end - 1].key not in ("we",)
    )

    # ---- output in disguise / solution phrased ----------------------------------------------
    output: Match | None = None
    solution: Match | None = None
    head_is_artifact = (
        head_lemma in _ARTIFACTS or (head_noun is not None and head_noun.key in _ARTIFACTS)
    ) and not any(  # "failed payments", "abandoned checkouts": events, not things to build
        _is_participle(toks[k]) for k in range(head.start, head.end - 1)
    )
    last = max(head.end - 1, lead_i)
    if pain:
        pass
    elif lack:
        solution = _match("solution", _span(a, 0, last))
    elif want and _wants_a_thing(toks, action.verb):
        solution = _match("solution", _span(a, lead_i, min(n - 1, action.verb + 3)))
    elif lead_kind in ("deliver", "deliver?") and _serves(toks, head, lead_i):
        pass  # "Ship 95% of orders the same day", "Enable 50% of users to ...": a service level
    elif lead_kind == "deliver" and not head.actor:
        # a share in the statement makes it a guess: "Migrate 80% of services" is work,
        # "Release funds to 90% of sellers" a service level
        # so does a time bound on a thing not built: "Complete onboarding within 3 days" may
        # be how fast customers get through it ("Launch the new app within 6 weeks" is work)
        timed = _time_bound(toks, lead_i) and not head_is_artifact
        sure = not _has_share(toks, lead_i) and not timed
        output = _match("output", _span(a, lead_i, last), certain=sure)
    elif lead_kind == "deliver?":
        output = _match("output", _span(a, lead_i, last), certain=False)
    elif lead_kind == "act?" and _made_thing(toks, head) >= 0:
        output = _match("output", _span(a, lead_i, _made_thing(toks, head)), certain=False)
    elif lead_kind == "deliver":  # "give managers a summary", "allow sellers to edit"
        # a number of customers after the verb may be what is measured ("Upgrade 500
        # customers to the annual plan"): asked about; staff are the team's work ("Hire 5
        # engineers"), and so are people given something ("give managers a summary")
        counted = _customers_counted(toks, head)
        output = _match("output", _span(a, lead_i, _object_end(toks, head)), certain=not counted)
    elif lead_kind == "team_need" and not head.actor:
        output = _match("output", _span(a, 0, last))
    elif (
        (lead_kind == "change" and lead in _WEAK_DELIVERY) or lead_kind == "push"
    ) and head_is_artifact:
        output = _match("output", _span(a, lead_i, last), certain=False)
    elif (
        not head.actor
        and (head_is_artifact or (head.delivered and head_lemma not in _BEHAVIOUR_NOUNS))
        and not (head.quant and head.qualified)
        and not _used_passively(toks, head)
        and not (head.delivered and _by_people(toks, head.end + 1))
    ):
        # a thing the team builds, certain only when the statement says it is delivered
        if head.delivered:
            last = min(n - 1, head.end)
        output = _match(
            "output",
            _span(a, lead_i, last),
            certain=head.delivered and _surely_delivered(toks, head, head_is_artifact),
        )
    elif not head.actor and head.end > head.start and _internal_work(toks, head, guard_at):
        # test coverage, bugs, code reviews, brochures handed out: work the team produces
        output = _match("output", _span(a, head.start, head.end - 1), certain=False)
    elif head.actor and action.verb >= 0 and shape.is_work(lemmas[action.verb : n]):
        output = _match("output", _span(a, head.start, min(n - 1, action.verb + 3)), certain=False)
    if output is not None and (
        lead_kind == "act?"
        or (opening in ("activity", "activity?") and lead not in _STRONG_DELIVERY)
    ):
        output = Match(output.phrase, output.reason, output.certain, work=True)
    if output is not None:
        metric_shaped = head.quant != "" or any(t.key == "per" for t in toks)
        if not metric_shaped:
            solution = _match("solution", output.phrase)

    # ---- metric checks: skipped for pains, wishes and deliverables --------------------------
    easy: Match | None = None
    ugc: Match | None = None
    traction: Match | None = None
    sentiment: Match | None = None
    financial: Match | None = None
    skip_metrics = pain or lack or want or output is not None

    if not pain:
        fm = _FIN_STRONG_RE.search(low)
        cm = _CURRENCY_RE.search(low)
        if (
            fm is None
            and cm is not None
            and not (verb_tok and cm.start() > verb_tok.start)
            and not _segment_amount(toks, cm.start())
        ):
            fm = cm  # an amount, unless it is what people themselves save or pay
        money_at = shape.money(keys, lead_i)
        if fm and fm.start() < guard_at:
            financial = _match("financial", text[fm.start() : fm.end()])
        elif money_at >= 0 and toks[money_at].start < guard_at:
            financial = _match("financial", _span(a, money_at, money_at))
        else:
            paid = next(
                (
                    h
                    for h in heads
                    if h.end > h.start
                    and toks[h.start].start < guard_at
                    and shape.paid_audience(lemmas[h.start : h.end])
                ),
                None,
            )
            if paid is not None:
                financial = _match("financial", _span(a, paid.start, paid.end - 1))

    # what an unknown verb acts on ("Retain 80% of new users", "Convert 10% of visitors"):
    # the verb is what happens to it, so it is not counted as a step or as attention
    acted = lead_kind == "act?"
    if not skip_metrics:
        for h in heads:
            if h.end <= h.start:
                continue
            noun = toks[h.end - 1]
            words = low[toks[h.start].start : toks[h.end - 1].end]
            phrase = _span(a, h.start, h.end - 1)
            if toks[h.start].start >= guard_at:
                continue
            # easy: a count of an early step with nothing after it
            early_ok = not h.qualified or _handled_on(toks, h)
            if easy is None and early_ok and not acted and not _CONVERSION_RE.search(words):
                before = toks[h.end - 2].lemma if h.end - 2 >= h.start else ""
                if (
                    noun.lemma in _EASY_NOUNS
                    or (noun.lemma in ("rate", "count") and before in _EASY_NOUNS)
                ) and not (
                    h.actor and any(toks[k].key in _VALUE_MODIFIERS for k in range(h.start, h.end))
                ):
                    if not h.actor or action.verb < 0:
                        easy = _match("easy", phrase)
                elif (
                    noun.lemma == "account"
                    and h.end < len(toks)
                    and toks[h.end].key in _EASY_ACCOUNT_PARTICIPLES
                ):
                    easy = _match("easy", _span(a, h.start, h.end))
                elif (
                    h.actor
                    and action.verb < 0
                    and not acted
                    # "new users"; "free trial users": people counted at an early step
                    and any(
                        toks[k].key in _NEWNESS_MODIFIERS or toks[k].lemma in _STAGE_NOUNS
                        for k in range(h.start, h.end - 1)
                    )
                    and not any(toks[k].lemma in _STAFF for k in range(h.start, h.end))
                    # "new visitors" are attention, new or not
                    and toks[h.end - 1].lemma not in _ATTENTION
                    and not any(
                        toks[k].key in _ACTIVITY_MODIFIERS or toks[k].key in _VALUE_MODIFIERS
                        for k in range(h.start, h.end)
                    )
                ):
                    easy = _match("easy", phrase)
            # user-generated content counted
            if (
                ugc is None
                and not h.qualified
                and not h.actor
                and (
                    (
                        noun.lemma in _UGC_NOUNS
                        and not (noun.key == "rating" and h.quant != "count")
                        and (noun.lemma not in _PUBLISHABLE or _users_made(toks, h))
                    )
                    or "usergenerated" in words.replace("-", "")
                    or "ugc" in words
                )
            ):
                ugc = _match("ugc", phrase)
            # traction: views, clicks, opens, adoption of one thing
            if traction is None and not h.qualified and not h.actor and not acted:
                before = toks[h.end - 2].key if h.end - 2 >= h.start else ""
                if (
                    noun.lemma in _TRACTION_NOUNS
                    or noun.key in _TRACTION_NOUNS
                    or (noun.lemma in _RATE_NOUNS and before in _TRACTION_NOUNS)
                ):
                    traction = _match("traction", phrase)
                elif noun.lemma == "time" and _spent_on_feature(toks, low):
                    traction = _match("traction", phrase + " spent")
                elif _used_passively(toks, h):  # "the new feature is used"
                    traction = _match("traction", _span(a, h.start, h.end + 1))
            # an audience counted: followers, subscribers, visitors, reach, likes
            # "active" makes users doers, not visitors: attention stays attention
            attention = toks[h.end - 1].lemma in _ATTENTION
            active = any(
                (toks[k].key in _ACTIVITY_MODIFIERS and not attention)
                or toks[k].key in _VALUE_MODIFIERS
                for k in range(h.start, h.end)
            )
            if not h.qualified and not active and not acted and (not h.actor or action.verb < 0):
                crowd = shape.audience(lemmas[h.start : h.end], keys[h.end : h.end + 4])
                if crowd == "easy" and easy is None:
                    easy = _match("easy", phrase)
                elif crowd == "traction" and traction is None:
                    traction = _match("traction", phrase)
                elif easy is None and not h.actor and _new_people_counted(toks, h):
                    easy = _match("easy", phrase)
                elif easy is None and h is head and lead_kind == "change" and not h.actor:
                    # "Grow the community to 5,000 members": an audience after "to"
                    target = _target_head(toks, h)
                    if target is not None:
                        easy = _match("easy", _span(a, target.start, target.end - 1))
            # sentiment as the measure
            if sentiment is None and not (h.quant == "count" and noun.lemma in _UGC_NOUNS):
                sm = _SENTIMENT_HEAD_RE.search(words)
                if (
                    sm
                    and not h.qualified
                    and not words.startswith("happy path")
                    and (not h.actor or action.verb < 0)
                ):
                    sentiment = _match("sentiment", phrase)

        # "Reach 1m people" counts people reached; "Reach 500,000 daily active users" is a
        # level of use to reach
        if (
            lead == "reach"
            and head.actor
            and action.verb < 0
            and traction is None
            and not easy
            and not head_active
        ):
            traction = _match("traction", _span(a, lead_i, head.end - 1))  # "Reach 1m people"
        # people counted for being reached, or for being acquired: "people reached",
        # "new customers acquired per month"
        passive = (
            verb_tok is not None
            and _is_participle(verb_tok)
            and (action.verb + 1 >= n or toks[action.verb + 1].key in _BOUNDARIES)
        )
        if head.actor and passive and verb_tok is not None:
            vphrase = _span(a, head.start, action.verb)
            if traction is None and verb_tok.key in _REACHED:
                traction = _match("traction", vphrase)
            elif easy is None and any(
                toks[k].key in _NEWNESS_MODIFIERS for k in range(head.start, head.end)
            ):
                easy = _match("easy", vphrase)
        # people and the first thing they do
        if head.actor and verb_tok is not None and not head_active and not acted:
            vphrase = _span(a, head.start, min(n - 1, action.verb + 3))
            vend = min(n, action.verb + 5)
            obj = [t.lemma for t in toks[action.verb + 1 : vend]]
            shallow, last_verb = _shallow_chain(toks, action) if action.followed else ("", -1)
            if shallow:
                # "download the app and register", "open and use the new dashboard": joined
                # verbs that still only sign up, look or use one thing
                chain = _span(a, head.start, min(n - 1, last_verb + 3))
                if shallow == "easy" and easy is None:
                    easy = _match("easy", chain)
                elif shallow == "traction" and traction is None:
                    traction = _match("traction", chain)
            if not action.followed:
                # what is chosen runs on past four words: "opting for a free 7-day trial"
                chosen = [t.lemma for t in toks[action.verb + 1 : min(n, action.verb + 9)]]
                # "apply for a job" is an early step; "apply new techniques" is not
                applies = verb_tok is not None and verb_tok.lemma.startswith("appl")
                other_use = applies and bool(obj) and obj[0] not in _BOUNDARIES
                step = next((k for k, o in enumerate(chosen) if o in _EASY_NOUNS), -1)
                if easy is None and verb in _CHOOSING_VERBS and step >= 0:
                    # "visitors opting for a free 7-day trial": the quote runs to the step
                    easy = _match("easy", _span(a, head.start, action.verb + 1 + step))
                if easy is None and (
                    (verb in _EASY_VERBS and not other_use)
                    or (verb in ("create", "created", "open", "opened") and "account" in obj)
                    or (verb in ("start", "started") and "trial" in obj)
                ):
                    easy = _match("easy", vphrase)
                shares_with = (
                    verb_tok is not None and verb_tok.lemma.startswith("shar") and ("with" in obj)
                )
                if (
                    ugc is None
                    and verb in _CREATION_VERBS
                    and not shares_with
                    and any(o in _UGC_NOUNS for o in obj)
                ):
                    ugc = _match("ugc", vphrase)
                # what is used runs on past four words: "a specific product feature"
                used = [t.lemma for t in toks[action.verb + 1 : min(n, action.verb + 9)]]
                engages = verb in _ENGAGE_VERBS and used[:1] == ["with"]
                if traction is None and verb in _TRACTION_VERBS:
                    traction = _match("traction", vphrase)
                elif traction is None and (
                    (verb in _USE_VERBS and _one_thing(used))
                    or (engages and _one_thing(used[1:]))  # "engage with one feature"
                ):
                    # the quote runs to the thing used: "a defined set of premium features"
                    thing = _thing_end(used)
                    last = action.verb + 1 + thing if thing >= 0 else action.verb + 3
                    traction = _match("traction", _span(a, head.start, min(n - 1, last)))
                if sentiment is None and verb in _SENTIMENT_VERBS:
                    sentiment = _match("sentiment", vphrase)
        # "monthly users of the calendar widget": people counted by the one feature they touch
        if (
            traction is None
            and head.actor
            and action.verb < 0
            and head.end < n
            and toks[head.end].key == "of"
        ):
            seg = [t.lemma for t in toks[head.end + 1 : head.end + 6]]
            stop = next((k for k, s in enumerate(seg) if s in _BOUNDARIES), len(seg))
            if any(s in _FEATURE_NOUNS for s in seg[:stop]):
                traction = _match("traction", _span(a, head.start, head.end + stop))

    # ---- kind --------------------------------------------------------------------------------
    if financial is not None:
        kind = "financial"
    elif sentiment is not None:
        kind = "sentiment"
    elif ugc is not None:
        kind = "content-count"
    elif easy is not None or traction is not None:
        kind = "adoption"
    elif output is not None or solution is not None:
        kind = "other"
    elif _behaviour_signal(toks, head, action, head_active):
        kind = "behaviour"
    else:
        kind = "other"
    return _Result(output, easy, ugc, traction, sentiment, financial, solution, kind)


_BEHAVIOUR_NOUNS: Final = _words(
    "retention completion conversion order purchase hire booking transaction repeat trip "
    "ride delivery session streak return reorder activation payment transfer rate"
)


def _behaviour_signal(toks: list[_Tok], head: _Head, action: _Action, active: bool) -> bool:
    if head.actor:
        return action.verb >= 0 or active
    if head.qualified:
        return True
    if head.end <= head.start:
        return False
    noun = toks[head.end - 1]
    if noun.lemma in _BEHAVIOUR_NOUNS or _CONVERSION_RE.search(noun.raw):
        return True
    return any(t.key in _ACTIVITY_MODIFIERS for t in toks)


# ---------------------------------------------------------------------------------------------
# Public checks
# ---------------------------------------------------------------------------------------------


def output_in_disguise(text: str) -> Match | None:
    """A deliverable (an app, a launch, a migration) where a change in behaviour belongs."""
    return _analyse(text).output


def easy_metric(text: str) -> Match | None:
    """A count of an early, easy step (sign-ups, downloads, applications) with no value tie."""
    return _analyse(text).easy


def counts_user_output(text: str) -> Match | None:
    """A count of things users produce (reviews, posts, uploads, messages)."""
    return _analyse(text).ugc


def traction_metric(text: str) -> Match | None:
    """Views, clicks, opens, visits, or adoption of one feature or screen."""
    return _analyse(text).traction


def sentiment_only(text: str) -> Match | None:
    """A satisfaction score or feeling (NPS, CSAT, rating) with no behaviour alongside."""
    return _analyse(text).sentiment


def financial_metric(text: str) -> Match | None:
    """A business result (revenue, churn, cost, market share) handed to a product team."""
    return _analyse(text).financial


def solution_phrased(text: str) -> Match | None:
    """An opportunity written as a solution ("Add a dark mode") instead of a need or pain."""
    return _analyse(text).solution


def infer_metric_kind(text: str) -> str:
    """One of the model's metric kinds (`model.entities.METRIC_KINDS`) for a statement."""
    return _analyse(text).kind


def is_behaviour(text: str) -> bool:
    """True when the statement measures what people do, and no other check claims it."""
    return _analyse(text).kind == "behaviour"
