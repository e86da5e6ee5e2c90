"""Everything `zorgpad serve` runs besides the web app: the store it owns, the inbox and the outbox."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from zorgpad.app.server_link import new_secret, remove_discovery, write_discovery
from zorgpad.catalog import Catalog
from zorgpad.control.cli_support import load_policy
from zorgpad.control.policy import PolicyTables, policy_from_catalog
from zorgpad.service.inbox import DEFAULT_BATCH_LIMIT, InboxWorker
from zorgpad.service.outbox import Outbox
from zorgpad.service.owner import StoreOwner
from zorgpad.service.spool import Spool, spool_folder
from zorgpad.service.watcher import FolderWatcher
from zorgpad.store.ingest import available_cores

SWITCH_INTERVAL = 0.0005  # seconds; Python's default is 0.005


def default_outbox(db: str | Path) -> Path:
    path = Path(db)
    return path.with_name(path.name + ".outbox")


@dataclass
class Service:
    owner: StoreOwner
    spool: Spool
    outbox: Outbox
    worker: InboxWorker
    watcher: FolderWatcher | None
    policy: PolicyTables | None
    secret: str
    _switch_interval: float | None = None  # the interpreter's, while the service runs

    @classmethod
    def open(
        cls,
        db: str | Path,
        catalog: Catalog | None,
        *,
        catalog_address: str | Path | None = None,
        inbox: Path | None = None,
        outbox: Path | None = None,
        batch_limit: int = DEFAULT_BATCH_LIMIT,
    ) -> Service:
        owner = StoreOwner(db, create=inbox is not None)
        spool = Spool(spool_folder(db))
        answers = Outbox(outbox or default_outbox(db))
        # The same policy `zorgpad check --catalog` uses (every dated version of a bundled region).
        if catalog_address is not None:
            policy = load_policy(str(catalog_address))
        else:
            policy = policy_from_catalog(catalog) if catalog is not None else None
        worker = InboxWorker(
            owner, spool, answers, policy, batch_limit=batch_limit, workers=available_cores()
        )
        watcher = None
        if inbox is not None:
            inbox.mkdir(parents=True, exist_ok=True)
            watcher = FolderWatcher(inbox, spool, worker.wake)
            worker.finish = watcher.finish
            worker.arriving = watcher.backlog
        return cls(owner, spool, answers, worker, watcher, policy, new_secret())

    def start(self, url: str | None) -> None:
        """Start the worker; with `url`, let the command line find this server (discovery file)."""
        if url is not None:
            write_discovery(self.owner.path, url, self.secret)
        # The worker's file work (many short system calls) and the dashboard's requests each need the
        # GIL back after every call; a thread busy computing holds it for the default 5 ms each time,
        # which made finishing a batch 10-40 ms per message and slowed pages while a batch ran.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.worker.start()
        if self.watcher is not None:
            self.watcher.start()

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        self.worker.stop()
        remove_discovery(self.owner.path, self.secret)
        self.owner.close()
        if self._switch_interval is not None:
            sys.setswitchinterval(self._switch_interval)
