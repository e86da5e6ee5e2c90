"""The delivery records (sessieregistratie) a region can require in its contracts: the spec and a check."""
