"""Accuracy of the coaching heuristics on the labelled corpus, plus the tricky cases.

Run with ``-s`` to see the figures table:

    .venv/bin/python -m pytest tests/unit/checks -q -s
"""

from __future__ import annotations

import ast
import dataclasses
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from outcome_workbook.checks import heuristics
from outcome_workbook.checks.heuristics import (
    Match,
    counts_user_output,
    easy_metric,
    financial_metric,
    infer_metric_kind,
    is_behaviour,
    output_in_disguise,
    sentiment_only,
    solution_phrased,
    traction_metric,
)
from outcome_workbook.model.entities import METRIC_KINDS

CORPUS = Path(__file__).resolve().parents[2] / "data" / "coaching_corpus.toml"
MIN_PRECISION = 0.85
MIN_RECALL = 0.75

CHECKS: dict[str, Callable[[str], Match | None]] = {
    "output_in_disguise": output_in_disguise,
    "easy_metric": easy_metric,
    "counts_user_output": counts_user_output,
    "traction_metric": traction_metric,
    "sentiment_only": sentiment_only,
    "financial_metric": financial_metric,
    "solution_phrased": solution_phrased,
}


def _load() -> list[dict[str, Any]]:
    with CORPUS.open("rb") as fh:
        cases: list[dict[str, Any]] = tomllib.load(fh)["case"]
    return cases


CASES = _load()


@dataclasses.dataclass(frozen=True)
class Figures:
    name: str
    positives: int
    negatives: int
    tp: int
    fp: int
    fn: int
    misses: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _figures(name: str) -> Figures:
    check = CHECKS[name]
    tp = fp = fn = 0
    misses: list[str] = []
    for case in CASES:
        fired = check(case["text"]) is not None
        expected = name in case["expect"]
        if fired and expected:
            tp += 1
        elif fired:
            fp += 1
            misses.append(f"false positive: {case['text']!r}")
        elif expected:
            fn += 1
            misses.append(f"missed: {case['text']!r}")
    positives = sum(1 for case in CASES if name in case["expect"])
    return Figures(name, positives, len(CASES) - positives, tp, fp, fn, tuple(misses))


def _table(figures: list[Figures]) -> str:
    lines = [
        f"{'heuristic':<20} {'pos':>4} {'neg':>4} {'tp':>4} {'fp':>4} {'fn':>4} "
        f"{'precision':>9} {'recall':>7}"
    ]
    for f in figures:
        lines.append(
            f"{f.name:<20} {f.positives:>4} {f.negatives:>4} {f.tp:>4} {f.fp:>4} {f.fn:>4} "
            f"{f.precision:>9.2f} {f.recall:>7.2f}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The corpus itself
# --------------------------------------------------------------------------------------------


def test_corpus_is_well_formed() -> None:
    assert len(CASES) >= 250
    for case in CASES:
        assert set(case["expect"]) <= set(CHECKS), case["text"]
        assert set(case.get("near_miss", [])) <= set(CHECKS), case["text"]
        assert not set(case["expect"]) & set(case.get("near_miss", [])), case["text"]
        if "kind" in case:
            assert case["kind"] in METRIC_KINDS, case["text"]


def test_figures_table(capsys: pytest.CaptureFixture[str]) -> None:
    figures = [_figures(name) for name in CHECKS]
    with capsys.disabled():
        print("\n" + _table(figures))
    for f in figures:
        assert f.positives > 0 and f.negatives > 0


@pytest.mark.parametrize("name", list(CHECKS))
def test_heuristic_meets_thresholds(name: str) -> None:
    f = _figures(name)
    detail = "\n".join(f.misses)
    assert f.precision >= MIN_PRECISION, f"{name} precision {f.precision:.2f}\n{detail}"
    assert f.recall >= MIN_RECALL, f"{name} recall {f.recall:.2f}\n{detail}"


def test_near_misses_mostly_stay_quiet() -> None:
    """Hard negatives are where a careless rule fires; keep them almost all silent."""
    total = fired = 0
    for case in CASES:
        for name in case.get("near_miss", []):
            total += 1
            if CHECKS[name](case["text"]) is not None:
                fired += 1
    assert total > 100
    assert fired / total <= 0.05


def test_metric_kind_agrees_with_labels() -> None:
    labelled = [case for case in CASES if "kind" in case]
    wrong = [
        (case["text"], case["kind"], infer_metric_kind(case["text"]))
        for case in labelled
        if infer_metric_kind(case["text"]) != case["kind"]
    ]
    assert len(wrong) / len(labelled) <= 0.10, wrong


def test_is_behaviour_matches_behaviour_kind() -> None:
    for case in CASES:
        if "kind" in case:
            assert is_behaviour(case["text"]) == (case["kind"] == "behaviour"), case["text"]


# --------------------------------------------------------------------------------------------
# Tricky cases, written apart from the corpus
# --------------------------------------------------------------------------------------------

OUT, EASY, UGC, TRAC, SENT, FIN, SOL = CHECKS

TRICKY: list[tuple[str, set[str]]] = [
    # outputs and solutions in fresh words
    ("Deploy the recommendation engine to all stores", {OUT, SOL}),
    ("Develop a loyalty programme", {OUT, SOL}),
    ("We should launch a referral programme", {OUT, SOL}),
    ("Get the iOS app into the App Store before Christmas", {OUT, SOL}),
    ("New checkout live by June", {OUT, SOL}),
    ("A chat widget on the pricing page", {OUT, SOL}),
    ("Add two-factor authentication", {OUT, SOL}),
    ("Rebuild the search page", {OUT, SOL}),
    ("Users want a calendar view", {SOL}),
    ("Customers are asking for an API", {SOL}),
    ("Students want to practise on their phone", set()),
    ("Drivers don't know when the next order comes", set()),
    ("It takes too long to find an invoice", set()),
    ("Shoppers abandon carts when shipping costs appear late", set()),
    # easy steps, however they are spelt
    ("Signups per week", {EASY}),
    ("Number of sign ups", {EASY}),
    ("Total sign-ups from paid ads", {EASY}),
    ("SIGN-UPS!!!", {EASY}),
    ("Grow signups with 30 percent", {EASY}),
    ("App installs", {EASY}),
    ("Installations of the Chrome extension", {EASY}),
    ("Free trials started this month", {EASY}),
    ("Applications per vacancy", {EASY}),
    ("Leads from LinkedIn ads", {EASY}),
    ("Users who registered last month", {EASY}),
    ("Users, who are downloading the app", {EASY}),
    ("Increase number of registered users", {EASY}),
    ("More downloads of our podcast app", {EASY}),
    ("Job seekers who apply to at least one job", {EASY}),
    ("Job seekers who get hired within 90 days", set()),
    ("Registrations that result in a first booking", set()),
    ("Downloads followed by a purchase within a week", set()),
    ("Sign ups that become paying customers", set()),
    ("Percentage of sign-ups who complete onboarding", set()),
    ("Single sign-on for enterprise customers", {OUT, SOL}),
    # content users produce
    ("Number of comments on posts", {UGC}),
    ("Photos uploaded per listing", {UGC}),
    ("Reviews written by verified buyers", {UGC}),
    ("Amount of posts made by members", {UGC}),
    ("Make users to leave more comments", {UGC}),
    ("Reviews that shoppers read before buying", set()),
    ("Forum posts that receive an answer within a day", set()),
    ("Readers who share an article with a friend", set()),
    # traction
    ("Page views of the help centre", {TRAC}),
    ("Banner clicks", {TRAC}),
    ("Users who opened the weekly email", {TRAC}),
    ("% of customers who clicked the upgrade banner", {TRAC}),
    ("Number of people which visited the pricing page", {TRAC}),
    ("Get more customers to open the newsletter", {TRAC}),
    ("Adoption of the new calendar", {TRAC}),
    ("Time spent in the editor", {TRAC}),
    ("Users who open the weekly email and book a class", set()),
    ("Daily active users", set()),
    ("Increase number of active sellers", set()),
    # sentiment
    ("Raise CSAT to 4.6", {SENT}),
    ("Customer satisfaction", {SENT}),
    ("Net promoter score for new customers", {SENT}),
    ("Customers are happier with delivery times", {SENT}),
    ("Make the users more satisfied with support", {SENT}),
    ("Customers who rate us 5 stars", {SENT}),
    ("Weekly active users while keeping NPS above 40", set()),
    # money
    ("Increase MRR by 10k", {FIN}),
    ("Reduce customer acquisition cost", {FIN}),
    ("Annual revenue per customer", {FIN}),
    ("Reduce churn among SMB customers", {FIN}),
    ("Profit margin per order", {FIN}),
    ("Customers who cancel their subscription in the first month", {FIN}),
    ("Merchants who process more than 100 payments a month", set()),
    # behaviour
    ("Customers reorder within 30 days of their first purchase", set()),
    ("Riders who book a second trip within a week", set()),
    ("Users who save a recipe and cook it within a week", set()),
    ("Teams that create a project and invite a colleague", set()),
    ("Clinics that schedule every appointment in our calendar", set()),
    # a second batch, checked once before any rule was touched (see docs/checks-accuracy.md)
    ("Launch a referral programme for dentists", {OUT, SOL}),
    ("Ship offline mode before the conference", {OUT, SOL}),
    ("Implement a new pricing page", {OUT, SOL}),
    ("The app should support Face ID", {OUT, SOL}),
    ("Build an onboarding checklist so admins invite their team", {OUT, SOL}),
    ("Number of integrations built this year", {OUT}),
    ("Parents want a weekly progress email", {SOL}),
    ("Nurses need a faster way to log vitals", set()),
    ("Sign-up rate from the homepage", {EASY}),
    ("Number of registered accounts", {EASY}),
    ("Downloads of the PDF guide", {EASY}),
    ("More people should download the app", {EASY}),
    ("Candidates who apply and accept an offer", set()),
    ("Installs that reach a first sync", set()),
    ("Number of photos posted per day", {UGC}),
    ("Videos created by teachers", {UGC}),
    ("Messages per conversation", {UGC}),
    ("Get users to leave reviews", {UGC}),
    ("Comments that get a reply from the author", set()),
    ("Hosts who reply to a guest message within an hour", set()),
    ("Clicks on search results", {TRAC}),
    ("Open rate of the onboarding emails", {TRAC}),
    ("Users who viewed the pricing page", {TRAC}),
    ("Usage of the new filter panel", {TRAC}),
    ("Users who view pricing and upgrade within a day", set()),
    ("Average rating in Google Play", {SENT}),
    ("Customer effort score after a return", {SENT}),
    ("Users feel safer paying online", {SENT}),
    ("Patients who rate the app and book again", set()),
    ("Reduce operational costs", {FIN}),
    ("Increase average revenue per user", {FIN}),
    ("Lower refund costs for damaged goods", {FIN}),
    ("Customers who upgrade to the annual plan", set()),
    ("Weekly returning buyers", set()),
    ("Share of orders delivered on time", set()),
    ("Guests who check in without calling the front desk", set()),
    ("People find the right plan in less than two minutes", set()),
    ("Monthly active creators who publish at least one video", set()),
    ("Help more learners to finish their first course", set()),
    ("Pharmacies want a stock alert", {SOL}),
    ("Weekly active users without lowering NPS", set()),
]


# Readings from a statement's shape, each written apart from both corpora (issue 17): an
# imperative the word classes do not list, content by who made it, a count after "to", a
# paying audience, questions, and what an unknown verb acts on.
TRICKY += [
    ("Open two new offices in Europe", {OUT, SOL}),
    ("Stand up a customer advisory board", {OUT, SOL}),
    ("Film ten product tutorial videos", {OUT, SOL}),
    ("Number of blog posts published per month", {OUT}),
    ("Number of webinars hosted", {OUT}),
    ("Posts published in the community forum each week", {UGC}),
    ("Videos uploaded by customers", {UGC}),
    ("Number of articles", set()),
    ("Add 5,000 new members to the community", {EASY}),
    ("Add €2.5M in new pipeline", {FIN}),
    ("Reach 10,000 newsletter subscribers", {EASY}),
    ("Grow the community to 5,000 members", {EASY}),
    ("Grow active members from 800 to 2,000 members", set()),
    ("Grow paid subscriptions by 20%", {FIN}),
    ("Number of paying subscribers", {FIN}),
    ("How many of them sign up", {EASY}),
    ("How often the new feature is used", {TRAC}),
    ("Retain 80% of new users after 30 days", set()),
    ("Activate 60% of new sign-ups within a week", set()),
    ("Resolve 90% of support tickets within 24 hours", set()),
    ("Save each customer two hours a week", set()),
    ("Acquire 300 new customers", {EASY}),
    ("Halve the time it takes to onboard a new client", set()),
    # a work verb on a service event, a share of people, a level or money changes a measure;
    # one that makes or offers a thing, or works through items, still names work
    ("Ship 95% of orders the same day", set()),
    ("Enable 50% of users to self-serve their refunds", set()),
    ("Optimise checkout conversion to 4%", set()),
    ("Extend average session length by 20%", set()),
    ("Negotiate a 10% reduction in hosting costs", {FIN}),
    ("Collect 5,000 email sign-ups", {EASY}),
    ("Build a community of 10,000 members", {EASY}),
    ("Workouts finished per member", set()),
    ("Features shipped per engineer", {OUT}),
    ("Create a customer health score", {OUT, SOL}),
    ("Run 12 customer interview sessions", {OUT, SOL}),
    ("Offer same-day delivery", {OUT, SOL}),
    # audiences however the count is placed, and attention however it is qualified
    ("Grow our email list by 5,000 subscribers", {EASY}),
    ("Increase Discord community members to 2,000", {EASY}),
    ("Increase monthly active visitors to 200,000", {TRAC}),
    ("Increase the average time on page to 3 minutes", {TRAC}),
    ("Number of users who clicked the upgrade banner", {TRAC}),
    ("Monthly active users who export a report", set()),
    # joined verbs that still only sign up, look or use one thing; a purpose or a further
    # step is value
    ("Users who open and use the new dashboard", {TRAC}),
    ("Customers who try and adopt the bulk edit feature", {TRAC}),
    ("Users who download the app and register", {EASY}),
    ("Accounts actively using the Slack integration", {TRAC}),
    ("Users who open a lesson and finish it", set()),
    ("Shoppers who view a product and buy it within a day", set()),
    ("Website bounce rate", {TRAC}),
    # third round: what a work verb brings in, users' content gathered, one feature's use
    # however it is phrased, and the readings kept apart from them
    ("Onboard 25 new clients this quarter", {EASY}),
    ("Win 15 new enterprise accounts", {EASY}),
    ("Sign 30 new partners who list their first product", set()),
    ("Recruit 4 new engineers", {OUT, SOL}),
    ("Add 3 new team members", {OUT, SOL}),
    ("Follow 200 new accounts", {OUT, SOL}),
    ("Collect 300 customer testimonials", {UGC}),
    ("Get 100 new Google reviews this quarter", {UGC}),
    ("Write 10 comparison articles", {OUT, SOL}),
    ("Percentage of users who have used the export feature", {TRAC}),
    ("Users who have used the app for 30 days", set()),
    ("Users who have completed onboarding", set()),
    ("Share of users who interact with a specific widget", {TRAC}),
    ("Users who interact with their team every day", set()),
    ("Accounts using a defined set of premium features", {TRAC}),
    ("Percentage of users or teams using the new planner", {TRAC}),
    ("Customer growth rate", {EASY}),
    ("Active customer growth", set()),
    ("Leads that are passed to sales", {EASY}),
    ("Leads that are passed to sales and convert within 30 days", set()),
    ("Leads that are accepted by the account team", set()),
    ("NPS up 12 points", {SENT}),
    ("Churn down 2%", {FIN}),
    ("Return on ad spend", {FIN}),
    ("Run a quarterly review with all accounts over $500k", {OUT, SOL}),
    ("Reach 10,000 weekly active learners", set()),
    ("Reach 2 million people in Spain", {TRAC}),
    ("Shoppers choosing a free 14-day trial", {EASY}),
    ("Users who start a free trial and invite a teammate", set()),
    ("Hashtag search volume", {TRAC}),
    ("Newsletter engagement month over month", {TRAC}),
    ("Orders week over week", set()),
    ("Number of free trial users", {EASY}),
    ("Free trial users who invite a teammate", set()),
    ("Grow our mailing list to 20,000", {EASY}),
    ("Price list accuracy", set()),
    ("Follower counts on Instagram", {EASY}),
    ("Opt-ins per month", {EASY}),
    ("Learners who interact with the platform weekly", set()),
    ("New visitors to the pricing page", {TRAC}),
    ("Recruit 50 new volunteers", {OUT, SOL}),
    ("New team members", set()),
    ("Number of lead designers", set()),
]


def test_a_thing_not_built_handed_over_is_asked_about_not_failed() -> None:
    """ "Parcels delivered on time" may be a service level customers feel: a hint (OW110);
    a thing the team builds said to be delivered ("Mobile app delivered by Q3") is OW101."""
    parcels = heuristics.output_in_disguise("Parcels delivered on time")
    assert parcels is not None and not parcels.certain
    app = heuristics.output_in_disguise("Mobile app delivered by Q3")
    assert app is not None and app.certain


def test_a_work_verb_on_customers_or_against_the_clock_is_asked_about() -> None:
    """A number of customers after a work verb ("Upgrade 500 customers to the annual plan")
    may be what is measured, and a time bound on a thing not built ("Complete onboarding
    within 3 days") may be how fast customers get through it: hints (OW110). Staff, a thing
    built and people given something stay errors (OW101)."""
    for text in ("Upgrade 500 customers to the annual plan", "Complete onboarding within 3 days"):
        match = heuristics.output_in_disguise(text)
        assert match is not None and not match.certain, text
    for text in (
        "Hire 5 senior engineers",
        "Launch the new app within 6 weeks",
        "Give managers a weekly summary",
    ):
        match = heuristics.output_in_disguise(text)
        assert match is not None and match.certain, text


def test_people_a_work_verb_brings_in_are_a_count_not_an_error() -> None:
    """ "Sign 40 new customers" counts who joined (OW102); an error there would fail a CI run
    on a statement that names no work the team could ship."""
    assert heuristics.output_in_disguise("Close 12 new clients in a month") is None
    assert heuristics.easy_metric("Close 12 new clients in a month") is not None
    hires = heuristics.output_in_disguise("Onboard 5 new engineers")
    assert hires is not None and hires.certain


def test_how_fast_something_is_done_is_asked_about_not_failed() -> None:
    """ "Onboarding done within a day" may be how fast people get through it: a hint (OW110);
    "New checkout live by June" is surely delivered (OW101)."""
    for text in ("Onboarding done within a day", "Setup finished in under 10 minutes"):
        match = heuristics.output_in_disguise(text)
        assert match is not None and not match.certain, text
    live = heuristics.output_in_disguise("New checkout live by June")
    assert live is not None and live.certain


def test_a_share_in_a_work_statement_makes_it_a_hint_not_an_error() -> None:
    """ "Close 90% of support tickets within 24 hours" may be a service level: it is asked
    about (OW110), never failed as an output (OW101)."""
    for text in ("Close 90% of support tickets within 24 hours", "Fix 90% of critical errors"):
        match = heuristics.output_in_disguise(text)
        assert match is not None and not match.certain, text
    shipped = heuristics.output_in_disguise("Close 200 Jira tickets per sprint")
    assert shipped is not None and shipped.certain


@pytest.mark.parametrize(("text", "expected"), TRICKY, ids=[t for t, _ in TRICKY])
def test_tricky_case(text: str, expected: set[str]) -> None:
    fired = {name for name, check in CHECKS.items() if check(text) is not None}
    assert fired == expected


@pytest.mark.parametrize(
    "text",
    ["Weekly sign-ups", "Weekly signups", "Weekly sign ups", "weekly SIGN-UPS.", "Weekly Signup"],
)
def test_spelling_variants_of_sign_up(text: str) -> None:
    found = easy_metric(text)
    assert found is not None
    assert "sign" in found.phrase.lower()


def test_match_names_the_words_and_explains() -> None:
    found = easy_metric("Leads generated by the new landing page")
    assert found is not None
    assert found.phrase == "Leads"
    assert found.reason and found.reason[0].isupper() and found.reason.endswith((".", "?"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.phrase = "x"  # type: ignore[misc]


def test_phrase_keeps_original_casing() -> None:
    found = financial_metric("Increase ARR by 15%")
    assert found is not None and found.phrase == "ARR"


def test_every_reason_is_short_and_distinct() -> None:
    reasons = set()
    for text, check in [
        ("Build a dashboard", output_in_disguise),
        ("Weekly sign-ups", easy_metric),
        ("Number of course reviews", counts_user_output),
        ("Clicks on the new banner", traction_metric),
        ("Raise NPS from 31 to 45", sentiment_only),
        ("Increase ARR by 15%", financial_metric),
        ("Add a dark mode", solution_phrased),
    ]:
        found = check(text)
        assert found is not None, text
        assert len(found.reason) <= 160
        reasons.add(found.reason)
    assert len(reasons) == 7


@pytest.mark.parametrize("text", ["", "   ", "?!", "-", "1234", "a", "the the the"])
def test_degenerate_input(text: str) -> None:
    for check in CHECKS.values():
        assert check(text) is None
    assert infer_metric_kind(text) in METRIC_KINDS
    assert is_behaviour(text) is False


def test_kinds() -> None:
    assert infer_metric_kind("Weekly active teams") == "behaviour"
    assert infer_metric_kind("Raise NPS from 31 to 45") == "sentiment"
    assert infer_metric_kind("Increase ARR by 15%") == "financial"
    assert infer_metric_kind("Clicks on the new banner") == "adoption"
    assert infer_metric_kind("Weekly sign-ups") == "adoption"
    assert infer_metric_kind("Number of course reviews") == "content-count"
    assert infer_metric_kind("Build a dashboard") == "other"


# --------------------------------------------------------------------------------------------
# Shape of the module
# --------------------------------------------------------------------------------------------


def test_module_imports_only_the_standard_library() -> None:
    """The heuristics and the structural reading under checks/language/ are pure standard
    library: nothing to install, nothing downloaded."""
    language = Path(heuristics.__file__).parent / "language"
    for path in [Path(heuristics.__file__), *sorted(language.glob("*.py"))]:
        modules: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level:
                # only the language package itself, relatively
                assert (node.module or "").split(".")[0] in ("language", "words", ""), path
            elif isinstance(node, ast.ImportFrom):
                assert node.module is not None
                modules.add(node.module.split(".")[0])
        assert modules <= set(sys.stdlib_module_names), (path, modules)


def test_cached_checks_are_fast() -> None:
    texts = [case["text"] for case in CASES]
    for text in texts:
        infer_metric_kind(text)
    batch = (texts * (10_000 // len(texts) + 1))[:10_000]
    start = time.perf_counter()
    for text in batch:
        for check in CHECKS.values():
            check(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, elapsed  # about 0.05 s on an idle machine; generous for CI
