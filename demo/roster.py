"""Who works at the demo firm. Plain data (no Django imports), so the run script can print it."""

TEAMS = ["Leeds RTA team", "Manchester RTA team"]

# (username, first name, last name, team index, role, job title)
USERS = [
    ("alex.admin", "Alex", "Adeyemi", 0, "Administrator", "Practice manager"),
    ("sam.supervisor", "Sam", "Okafor", 0, "Supervisor", "Solicitor"),
    ("fiona.feeearner", "Fiona", "Hughes", 0, "Fee earner", "Solicitor"),
    ("farid.feeearner", "Farid", "Rahman", 0, "Fee earner", "Paralegal"),
    ("sara.supervisor", "Sara", "Lindqvist", 1, "Supervisor", "Solicitor"),
    ("mia.feeearner", "Mia", "Kowalski", 1, "Fee earner", "Chartered legal executive"),
    ("matt.feeearner", "Matt", "Doyle", 1, "Fee earner", "Paralegal"),
]
