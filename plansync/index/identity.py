"""Which plan repository an index belongs to.

An index is a cache of one repository's files. Pointed at by two (one
PostgreSQL database, or a ``PLANSYNC_DB`` set for every shell), the second
sync would replace the first's rows with its own. So the index records its
repository's identity in ``meta``, and a sync of another repository is
refused unless ``--rebuild`` says to replace it.

The identity is ``repository_id`` from plansync.yaml when set; else the git
repository's root commit and the plan repository's folder in it, which
every clone shares (a team syncing one repository from several machines is
one repository); else, before the first commit, the repository's path.
The same folder on the same machine stays the same repository whatever
its history becomes.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

from plansync.errors import PlansyncError
from plansync.git.io import GitError, run_git
from plansync.repo.repository import PlanRepo

#: ``meta`` keys: the identity, where the repository was synced from, and how it reads in a message.
KEY = "repository"
LOCATION_KEY = "repository_location"
LABEL_KEY = "repository_label"


class OtherRepositoryError(PlansyncError):
    """The index holds another repository's files."""


@dataclass(frozen=True)
class Identity:
    key: str
    #: For messages: where the repository is and what identifies it.
    label: str
    #: This machine and the repository's folder on it.
    location: str
    #: Every root commit of the history (a merge of an unrelated history adds one).
    roots: tuple[str, ...] = ()
    prefix: str = ""

    def accepts(self, recorded: str, recorded_location: str | None) -> bool:
        """Whether an index recorded as ``recorded`` is this repository's.

        The same folder on the same machine is the same repository whatever
        its history became (a first commit, an amended or rebased root);
        elsewhere, a clone is known by a root commit it shares.
        """
        if recorded == self.key or recorded_location == self.location:
            return True
        kind, _, rest = recorded.partition(":")
        root, _, prefix = rest.partition(":")
        return kind == "git" and not self.key.startswith("id:") and root in self.roots and prefix == self.prefix

    def meta(self) -> dict[str, str]:
        return {KEY: self.key, LOCATION_KEY: self.location, LABEL_KEY: self.label}


def identify(repo: PlanRepo) -> Identity:
    path = str(repo.root.resolve())
    location = f"{socket.gethostname()}:{path}"
    chosen = repo.settings.repository_id
    if chosen:
        return Identity(f"id:{chosen}", f"{path} (repository_id {chosen})", location)
    try:
        roots = run_git(repo.root, "rev-list", "--max-parents=0", "HEAD", check=False).decode().split()
        prefix = run_git(repo.root, "rev-parse", "--show-prefix", check=False).decode().strip().rstrip("/")
    except GitError:  # no git: the path is all there is
        roots, prefix = [], ""
    if not roots:
        return Identity(f"path:{location}", f"{path} (no commit yet)", location)
    root = min(roots)  # any fixed choice: a recorded root is looked up among all of them
    folder = f", folder {prefix}" if prefix else ""
    return Identity(f"git:{root}:{prefix}", f"{path} (root commit {root[:7]}{folder})", location, tuple(roots), prefix)


def check(identity: Identity, meta: dict[str, str], where: str) -> None:
    """Refuse an index recorded for another repository, naming both."""
    recorded = meta.get(KEY)
    if recorded is None or identity.accepts(recorded, meta.get(LOCATION_KEY)):
        return
    raise OtherRepositoryError(
        f"the index at {where} belongs to another repository, {meta.get(LABEL_KEY) or recorded}; "
        f"this is {identity.label}. Give each repository its own database or schema (README: "
        "\"Sharing an index with your team\"), or run `plansync sync --rebuild` to replace that index with this "
        "repository's files"
    )
