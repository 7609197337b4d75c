"""English texts of the basic card's living will and organ donor section (issue #13)."""

TEXTS: dict[str, str] = {
    "reg.title": "Living will and organ donation",
    "reg.kind.living-will": "Living will",
    "reg.kind.organ-donor": "Organ donation",
    "reg.none_here": "No registration found on this server (this does not mean the citizen is not registered)",
    "reg.registered_on": "Registered {date}",
    "reg.source": "Source:",
    "reg.donor.yes": "In the Danish Organ Donor Register: yes to donating all organs",
    "reg.donor.limited": "In the Danish Organ Donor Register: yes, with limits",
    "reg.donor.only": "Only:",
    "reg.donor.except": "Not:",
    "reg.donor.no": "In the Danish Organ Donor Register: no to organ donation",
    "reg.donor.relatives": "In the Danish Organ Donor Register: the relatives decide",
    "reg.donor.unstated": "In the Danish Organ Donor Register, but the decision cannot be read (see the source)",
    "reg.will.registered": "In the Danish Living Will Register",
    "reg.will.asks": "Wish:",
    "reg.will.covers": "Covers these situations:",
    "reg.will.no_situations": "Which situations it covers cannot be read (see the source)",
    "reason.unsupported": "the server does not support this search",
}
