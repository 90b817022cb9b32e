"""The premiums of a cycle in aggregated form, as art. 20 D.Lgs. 33/2013 asks
the public document to carry them: how many people, how much in all, the mean,
by category and by band of the individual score. Never a name, a matricola or
one person's amount: a category with fewer than ``MIN_GROUP`` people (or
people paid) is printed together with its neighbour, and so are the two
paying bands when one of them is that small, so that no printed amount is one
or two people's premium (the fund's total, which the law asks for, stays
printed).

An allocation is a mapping with ``category`` (the CCNL category key, or
empty), ``band`` (``full``, ``proportional``, ``none``, ``excluded``),
``total`` and ``maggiorazione`` (euro cents, int) and ``selected`` (bool).
Figures come raw (``*_raw``, euro) and formatted the Italian way; a figure
that cannot be computed (a mean without anybody paid) is ``n.d.``.
"""

from __future__ import annotations

from . import formats

MIN_GROUP = 3
# bands of the individual score (cciaa_performance incentive_allocation.BANDS)
PAYING_BANDS = ("full", "proportional")
BAND_LABELS = (
    ("full", "Premio pieno"),
    ("proportional", "Premio proporzionale al punteggio"),
    ("none", "Sotto la soglia: nessun premio"),
    ("excluded", "Senza titolo al premio (giorni di servizio o punteggio mancante)"),
)
PAYING_LABEL = "Premio pieno o proporzionale al punteggio"
MAGGIORAZIONE_LABEL = "Maggiorazione del premio individuale"
NO_CATEGORY = "Categoria non indicata"
NOTE = (
    "Dati in forma aggregata (art. 20 D.Lgs. 33/2013), dalle sole ripartizioni "
    f"del fondo confermate. Le categorie con meno di {MIN_GROUP} dipendenti (o "
    "premiati) sono accorpate, e così le fasce che pagano un premio, perché "
    "nessun importo sia il premio di una o due persone; la maggiorazione è "
    "dello stesso importo per ciascuno dei beneficiari. Il premio medio è "
    "calcolato sui premiati; «n.d.» = nessun premiato."
)


def distribution(allocations, categories, allocated_cents, undistributed_cents):
    """The prepared distribution of ``allocations`` (confirmed ones only: the
    caller selects them). ``categories`` is [(key, label)] in print order."""
    distributed = sum(a["total"] for a in allocations)
    return {
        "available": bool(allocations),
        "people": len(allocations),
        "paid_people": sum(1 for a in allocations if a["total"] > 0),
        "allocated": _money(allocated_cents),
        "allocated_raw": allocated_cents / 100,
        "distributed": _money(distributed),
        "distributed_raw": distributed / 100,
        "undistributed": _money(undistributed_cents),
        "undistributed_raw": undistributed_cents / 100,
        "mean": _mean(allocations, "total"),
        "mean_raw": _mean_raw(allocations, "total"),
        "by_category": [
            _row(label, members, distributed)
            for label, members in _merge_small(_by_category(allocations, categories))
        ],
        "by_band": _by_band(allocations, distributed),
        "note": NOTE,
    }


def _by_category(allocations, categories):
    known = dict(categories)
    groups = [
        (label, [a for a in allocations if a["category"] == key])
        for key, label in categories
    ]
    groups.append((NO_CATEGORY, [a for a in allocations if a["category"] not in known]))
    return [(label, members) for label, members in groups if members]


def _small(members):
    """Too few people for an amount that is not one or two people's premium."""
    paid = sum(1 for a in members if a["total"] > 0)
    return len(members) < MIN_GROUP or 0 < paid < MIN_GROUP


def _merge_small(groups):
    """Groups (in print order) none of which is ``_small``: the smallest small
    one is merged with its following neighbour (the preceding one for the
    last) until none is small or one is left."""
    groups = [([label], members) for label, members in groups]
    while len(groups) > 1:
        small = [i for i, (_labels, members) in enumerate(groups) if _small(members)]
        if not small:
            break
        index = min(small, key=lambda i: len(groups[i][1]))
        other = index + 1 if index + 1 < len(groups) else index - 1
        first, second = sorted((index, other))
        merged = (
            groups[first][0] + groups[second][0],
            groups[first][1] + groups[second][1],
        )
        groups[first : second + 1] = [merged]
    return [(", ".join(labels), members) for labels, members in groups]


def _by_band(allocations, distributed):
    """Rows by band; the amounts are what the band pays without the
    maggiorazione, which has its own row (it is the same for everyone chosen)."""
    members = {
        key: [a for a in allocations if a["band"] == key] for key, _l in BAND_LABELS
    }
    rows = []
    paying = [members[key] for key in PAYING_BANDS]
    if any(group and _small(group) for group in paying):
        rows.append(_row(PAYING_LABEL, paying[0] + paying[1], distributed, "base"))
    else:
        rows += [
            _row(label, members[key], distributed, "base")
            for key, label in BAND_LABELS
            if key in PAYING_BANDS
        ]
    rows += [
        _row(label, members[key], distributed, "base")
        for key, label in BAND_LABELS
        if key not in PAYING_BANDS
    ]
    chosen = [a for a in allocations if a["selected"]]
    rows.append(_row(MAGGIORAZIONE_LABEL, chosen, distributed, "maggiorazione"))
    return rows


def _row(label, members, distributed, amount="total"):
    cents = sum(_amount(a, amount) for a in members)
    paid = [a for a in members if _amount(a, amount) > 0]
    share = cents * 100 / distributed if distributed else None
    return {
        "label": label,
        "people": len(members),
        "paid_people": len(paid),
        "total": _money(cents),
        "total_raw": cents / 100,
        "mean": _mean(members, amount),
        "mean_raw": _mean_raw(members, amount),
        "share": formats.pct(share, 2),
        "share_raw": share,
    }


def _amount(allocation, amount):
    if amount == "base":
        return allocation["total"] - allocation["maggiorazione"]
    return allocation[amount]


def _mean_raw(members, amount):
    """Mean premium of who was paid (euro), None when nobody was."""
    paid = [_amount(a, amount) for a in members if _amount(a, amount) > 0]
    return sum(paid) / len(paid) / 100 if paid else None


def _mean(members, amount):
    mean = _mean_raw(members, amount)
    return formats.amount(mean) if mean is not None else formats.NOT_AVAILABLE


def _money(cents):
    return formats.amount(cents / 100)
