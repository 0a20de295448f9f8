"""What changes for learners when an LMS's package is replaced by a new build.

``compare`` takes two ``BuiltPackage`` (``builder.built_package``) and lists the changes in
plain English, each with its effect on learners already in the course:

- ``none``: learners in progress keep their place, answers and results;
- ``learners``: something they have done or must do changes (a page they may be on is removed,
  a question they answered changed, the pass mark...);
- ``new-course``: the LMS will not match the new package to the old one, and learners start again.

The verdict is the worst effect; its exit code is 0, 1 or 2. Why each identifier matters, from
Moodle's and Open edX's code, is in docs/updating-a-course.md.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher

from builder.built_package import BuiltPackage, QuestionInfo

NONE, LEARNERS, NEW_COURSE = "none", "learners", "new-course"
EXIT_CODES = {NONE: 0, LEARNERS: 1, NEW_COURSE: 2}

IDENTICAL = "Identical: the two zips are byte for byte the same."
SAFE = "Safe to replace: learners in progress keep their place, their answers and their results."
AFFECTED = ("Learners in progress are affected: the LMS keeps their records, and any pass or score "
            "already recorded stays, but the changes below alter what they have done or must do.")
NEW = ("A new course for the LMS: it will not match this package to the old one, so replacing the old "
       "package would start every learner again. Add it as a new activity, or rebuild it keeping the course id.")
VERDICTS = {NONE: SAFE, LEARNERS: AFFECTED, NEW_COURSE: NEW}


@dataclass(frozen=True)
class Change:
    kind: str  # e.g. "page-removed"; stable, for scripts reading --format json
    effect: str  # NONE, LEARNERS or NEW_COURSE
    message: str


@dataclass
class Diff:
    old: BuiltPackage
    new: BuiltPackage
    changes: list[Change] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return self.old.digest == self.new.digest

    @property
    def effect(self) -> str:
        effects = {change.effect for change in self.changes}
        return next((effect for effect in (NEW_COURSE, LEARNERS) if effect in effects), NONE)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.effect]

    @property
    def verdict(self) -> str:
        return IDENTICAL if self.identical else VERDICTS[self.effect]

    def as_dict(self) -> dict:
        return {
            "old": _summary(self.old), "new": _summary(self.new),
            "effect": self.effect, "exit_code": self.exit_code, "verdict": self.verdict,
            "changes": [asdict(change) for change in self.changes],
        }


def _summary(package: BuiltPackage) -> dict:
    return {"path": package.path, "course_id": package.course_id, "title": package.title, "version": package.version,
            "pass_mark": package.pass_mark, "item_identifiers": [item.identifier for item in package.items]}


def compare(old: BuiltPackage, new: BuiltPackage) -> Diff:
    diff = Diff(old, new)
    if diff.identical:
        return diff
    for check in (_identifiers, _pages, _questions, _assessment, _course):
        diff.changes += check(old, new)
    return diff


def _identifiers(old: BuiltPackage, new: BuiltPackage) -> list[Change]:
    changes = []
    old_items = [item.identifier for item in old.items]
    new_items = [item.identifier for item in new.items]
    if old_items != new_items:
        # Moodle moves each learner's tracks to the new item with the same identifier and deletes
        # the rest (mod/scorm/datamodels/scormlib.php, scorm_parse_scorm).
        changes.append(Change("item-identifier-changed", NEW_COURSE,
                              f"Item identifier changed from {_list(old_items)} to {_list(new_items)}. "
                              "Moodle matches a replaced package's learner records by this identifier (so do LMSs "
                              "built on Moodle's SCORM module, such as Totara): with a new one, every learner's "
                              "progress is dropped."))
    if old.manifest_identifier != new.manifest_identifier:
        changes.append(Change("manifest-identifier-changed", NONE,
                              f"Manifest identifier changed from {old.manifest_identifier} to "
                              f"{new.manifest_identifier}. Moodle and Open edX do not use it to match packages."))
    if old.organization_identifiers != new.organization_identifiers or old.resource_identifiers != new.resource_identifiers:
        changes.append(Change("other-identifiers-changed", NONE,
                              "Organization or resource identifiers changed. Moodle and Open edX keep learner "
                              "records by item, not by these."))
    return changes


def _pages(old: BuiltPackage, new: BuiltPackage) -> list[Change]:
    changes = []
    old_ids = [page.id for page in old.pages]
    new_ids = [page.id for page in new.pages]
    # Whether learners must view a new page depends on what completes the course (course.yml `completion`).
    must_view = {"all-pages": " Learners in progress must also view it before the course is complete.",
                 "either": " Learners in progress who complete the course by viewing every page must also view it."}
    for page in new.pages:
        if page.id not in old_ids:
            note = must_view.get(new.completion, "")
            changes.append(Change("page-added", LEARNERS if note else NONE, f'Page added: "{page.title}" ({page.id}), '
                                  f"page {page.number} of {len(new.pages)}.{note}"))
    for page in old.pages:
        if page.id not in new_ids:
            changes.append(Change("page-removed", LEARNERS, f'Page removed: "{page.title}" ({page.id}), '
                                  f"was page {page.number} of {len(old.pages)}. Learners who left off on it "
                                  "will reopen the course on a nearby page."))
    for page_id in _moved(old_ids, new_ids):
        before, after = old.page(page_id), new.page(page_id)
        changes.append(Change("page-moved", NONE, f'Page moved: "{after.title}" ({page_id}), from page '
                              f"{before.number} to page {after.number}. Learners resume on it wherever it is."))
    for page in new.pages:
        before = old.page(page.id)
        if before is None:
            continue
        if before.title != page.title:
            changes.append(Change("page-renamed", NONE, f'Page renamed: "{before.title}" is now "{page.title}" ({page.id}).'))
        if before.text != page.text:
            changes.append(Change("page-text-changed", NONE, f'Page text changed: "{page.title}" ({page.id}).'))
    return changes


def _moved(old_ids: list[str], new_ids: list[str]) -> list[str]:
    """Pages whose order among the pages both versions have changed (outside the longest run kept in order)."""
    kept = set(old_ids) & set(new_ids)
    old_order = [page for page in old_ids if page in kept]
    new_order = [page for page in new_ids if page in kept]
    in_place = set()
    for block in SequenceMatcher(None, old_order, new_order, autojunk=False).get_matching_blocks():
        in_place.update(old_order[block.a:block.a + block.size])
    return [page for page in new_order if page not in in_place]


def _questions(old: BuiltPackage, new: BuiltPackage) -> list[Change]:
    changes = []
    for question in new.questions.values():
        before = old.questions.get(question.id)
        where = f'on page "{new.page(question.page).title}"'
        if before is None:
            # A new assessment question changes the bank an attempt is drawn from.
            changes.append(Change("question-added", LEARNERS if question.scored else NONE,
                                  f"Question added: {question.id}, {where}" + (
                                      ", in the final assessment." if question.scored else ".")))
        elif before.fingerprint != question.fingerprint:
            changes.append(_question_changed(before, question, where))
        elif before.page != question.page:
            changes.append(Change("question-moved", NONE, f"Question moved: {question.id}, now {where}. Answers to it are kept."))
    for question in old.questions.values():
        if question.id not in new.questions:
            changes.append(Change("question-removed", LEARNERS if question.scored else NONE,
                                  f'Question removed: {question.id}, was on page "{old.page(question.page).title}". '
                                  "Answers already given to it are no longer shown."))
    return changes


def _question_changed(before: QuestionInfo, after: QuestionInfo, where: str) -> Change:
    # The runtime keeps a saved answer while the question's saved key is the same: the key follows
    # what is asked and what is right, not feedback or hints (docs/runtime.md, "Keys").
    if before.saved_key is not None and before.saved_key == after.saved_key:
        return Change("question-reworded", NONE, f"Question reworded: {after.id}, {where}. "
                      "What it asks and its right answer are the same, so answers already given are kept.")
    return Change("question-changed", LEARNERS,
                  f"Question changed: {after.id}, {where}. Learners who answered it will be asked it again.")


def _assessment(old: BuiltPackage, new: BuiltPackage) -> list[Change]:
    changes = []
    if old.pass_mark != new.pass_mark:
        if new.pass_mark is None:
            message = f"The final assessment was removed (its pass mark was {old.pass_mark}%)."
        elif old.pass_mark is None:
            message = (f"A final assessment was added, with a pass mark of {new.pass_mark}%. "
                       f"Set the LMS's grade to pass to {new.pass_mark}.")
        else:
            message = f"Pass mark changed from {old.pass_mark}% to {new.pass_mark}%. " + _pass_mark_effect(old.pass_mark, new.pass_mark)
        changes.append(Change("pass-mark-changed", LEARNERS, message))
    if old.draw != new.draw and old.pass_mark is not None and new.pass_mark is not None:
        changes.append(Change("draw-changed", LEARNERS, f"Questions drawn for each attempt changed from "
                              f"{_all(old.draw)} to {_all(new.draw)}."))
    if old.attempts != new.attempts and old.pass_mark is not None and new.pass_mark is not None:
        changes.append(Change("attempts-changed", LEARNERS, f"Assessment attempts allowed changed from "
                              f"{_unlimited(old.attempts)} to {_unlimited(new.attempts)}."))
    return changes


def _pass_mark_effect(old: int, new: int) -> str:
    advice = f"Set the LMS's grade to pass to {new} (Moodle does not take it from the package)."
    if new > old:
        # The package keeps sending "passed", but an LMS with mastery override (Moodle's default,
        # scorm-again's option) recomputes the status from the stored score and the new mastery score.
        return (f"Learners who passed with a score below {new}% may be recorded as failed by an LMS that "
                f"works the status out from the score (Moodle does by default). {advice}")
    return (f"Learners who have already passed keep their pass; those whose best score is {new}% or more "
            f"are recorded as passed when they next open the course. {advice}")


def _course(old: BuiltPackage, new: BuiltPackage) -> list[Change]:
    changes = []
    if old.completion != new.completion:
        changes.append(Change("completion-changed", LEARNERS, f"Completion rule changed from {old.completion} to "
                              f"{new.completion}: learners in progress complete the course under the new rule."))
    if old.title != new.title:
        changes.append(Change("title-changed", NONE, f'Course title changed from "{old.title}" to "{new.title}".'))
    if old.version != new.version:
        changes.append(Change("version-changed", NONE, f"Version changed from {old.version} to {new.version}."))
    return changes


def _list(values: list[str]) -> str:
    return ", ".join(values) if values else "(none)"


def _all(draw: int | None) -> str:
    return "all" if draw is None else str(draw)


def _unlimited(attempts: int | None) -> str:
    return "unlimited" if attempts is None else str(attempts)


def format_diff(diff: Diff) -> str:
    old, new = diff.old, diff.new
    lines = [f"Old: {old.path}: {old.title} {old.version}", f"New: {new.path}: {new.title} {new.version}", "", diff.verdict]
    groups = ((NEW_COURSE, "Makes it a new course for the LMS:"), (LEARNERS, "Affects learners in progress:"),
              (NONE, "Other changes (these alone do not affect learners in progress):"))
    for effect, heading in groups:
        messages = [change.message for change in diff.changes if change.effect == effect]
        if messages:
            lines += ["", heading] + [f"  - {message}" for message in messages]
    if not diff.changes and not diff.identical:
        lines += ["", "No change a learner would notice: the pages, questions and pass mark are the same."]
    return "\n".join(lines)
