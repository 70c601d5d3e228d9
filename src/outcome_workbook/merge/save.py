"""Saving edits that cannot be re-run as a change, keeping what others saved meanwhile.

`store.shared.update` re-runs a change on the file as it is now; a form's fields or a
workbench's unsaved state cannot be re-run, so here they are three-way merged with what
is on disk, under the same lock. It lives with the merge, above the store: the store
never imports the diff or the merge.
"""

from __future__ import annotations

from ..model.errors import WorkbookError
from ..model.workbook import Workbook
from ..store.atomic import atomic_write
from ..store.shared import ATTEMPTS, Updated, exclusive
from ..store.workbook_file import WorkbookFile, read_bytes
from .files import merge_texts


def save_merged(file: WorkbookFile, workbook: Workbook) -> Updated:
    """Save `workbook`, edited from what `file` read, keeping what others saved since.

    For edits that cannot be re-run as a change (a form's fields, a workbench's
    unsaved state): under the lock, if the file changed on disk, the project's
    three-way merge (`merge.merge_texts`: base = what `file` read, ours =
    `workbook`, theirs = the file now) writes both sides' changes. A clash (both
    changed the same field differently) writes nothing and raises WorkbookError
    naming the clashes, so the caller can reload and decide. The returned `file`
    is the one to keep.
    """
    with exclusive(file.path):
        for attempt in range(ATTEMPTS):
            if not file.changed_on_disk():
                try:
                    return Updated(file, workbook, file.save(workbook))
                except WorkbookError:
                    if attempt + 1 < ATTEMPTS and file.changed_on_disk():
                        continue
                    raise
            theirs = read_bytes(file.path)
            base = file.loaded.form.encode(file.loaded.text)
            merged = merge_texts(base, file.render(workbook), theirs, str(file.path))
            if not merged.clean:
                clashes = "; ".join(c.message for c in merged.conflicts[:3])
                raise WorkbookError(
                    f"{file.path} was changed meanwhile in the same places: {clashes}; "
                    "nothing was written, reload it to see both"
                )
            if read_bytes(file.path) != theirs:
                continue  # a writer that ignores the lock got in between: merge again
            atomic_write(file.path, merged.data)
            fresh = WorkbookFile.open(file.path, allow_newer=True)
            return Updated(fresh, fresh.workbook, True)
    raise WorkbookError(f"{file.path} kept changing while it was being saved; try again")
