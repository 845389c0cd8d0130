"""Who works at the demo firm. Plain data (no Django imports), so the run script can print it."""

TEAMS = ["Leeds RTA team", "Manchester RTA team"]

# (username, first name, last name, team index, role)
USERS = [
    ("alex.admin", "Alex", "Adeyemi", 0, "Administrator"),
    ("sam.supervisor", "Sam", "Okafor", 0, "Supervisor"),
    ("fiona.feeearner", "Fiona", "Hughes", 0, "Fee earner"),
    ("farid.feeearner", "Farid", "Rahman", 0, "Fee earner"),
    ("sara.supervisor", "Sara", "Lindqvist", 1, "Supervisor"),
    ("mia.feeearner", "Mia", "Kowalski", 1, "Fee earner"),
    ("matt.feeearner", "Matt", "Doyle", 1, "Fee earner"),
]
