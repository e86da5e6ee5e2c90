"""Access and allocation (toegang): referrals, answering JW315/JW317 requests, deadlines on Dutch
working days, the access team's worklist, one care path per client, and a status feed for the
client's contact person. See docs/access.md.
"""
