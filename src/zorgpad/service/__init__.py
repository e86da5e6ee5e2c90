"""The living store: `zorgpad serve` as the region's long-running process.

- `owner`: the server's one writable connection to the store; every write goes through it, one at a time.
- `spool`: accepted messages, durable on disk before they are acknowledged.
- `inbox`: the background worker (validate -> store -> control -> answer), batch by batch.
- `watcher`: the watched inbox folder.
- `outbox`: the answers, one file each, for the message hub.
"""
