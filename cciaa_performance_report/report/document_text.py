# Document content of an Italian public report: the wording of the printed
# pre-validation annex of the Relazione sulla performance, which the Camera di
# commercio hands to its OIV. Like the Italian headings of the QWeb templates it
# is written in Italian here; the user interface shows the same checks through
# translatable English strings (models/relazione_check.py).
"""Italian wording of the pre-validation annex (document content)."""

CHECK_LABELS = {
    "results": "Ogni obiettivo e indicatore del Piano ha un risultato",
    "criticita": "Ogni obiettivo sotto il 100% ha criticità e azioni correttive",
    "overrides": "Ogni valutazione motivata riporta la motivazione",
    "weights": "I pesi sommano a 100 a ogni livello dell'albero",
    "dates": "Risultati e target di tipo data: date vere, nell'anno del ciclo",
    "shares": "Nessuna percentuale o quota oltre il 100%",
    "algorithm": "Il testo dell'algoritmo è coerente con il target",
    "rollup": "Ente e aree sono la media pesata del livello inferiore",
    "sections": "Le cifre della sezione 1 coincidono con quelle della sezione 3",
    "context": "Le tabelle di contesto quadrano (personale, bilancio)",
    "individual": "Nessuna riga duplicata negli obiettivi individuali",
    "transparency": "Sono misurati obiettivi di trasparenza e anticorruzione",
    "placeholders": "Nessun segnaposto non compilato nel testo",
    "wording": "Terminologia: i report quadrimestrali non sono «trimestrali»",
}

MESSAGES = {
    "no_result": "%(kind)s %(code)s: nessun risultato",
    "not_evaluable": "%(kind)s %(code)s: non valutabile (%(reason)s)",
    "missing_criticita": "obiettivo %(code)s al %(score)s senza criticità",
    "missing_motivation": "valutazione motivata di %(code)s senza motivazione",
    "weights": "i pesi di %(codes)s sommano a %(total)s invece di 100",
    "target_out_of_year": "%(code)s: target %(date)s fuori dall'anno %(year)s",
    "target_not_date": "%(code)s: target %(value)s non è una data",
    "date_out_of_year": "%(code)s%(unit)s: data %(date)s fuori dall'anno %(year)s",
    "date_as_number": "%(code)s%(unit)s: data registrata come numero %(value)s",
    "share_out_of_range": "%(code)s%(unit)s: %(what)s pari a %(value)s, oltre il 100%%",
    "algorithm_target": (
        "%(code)s: l'algoritmo «%(text)s» non corrisponde al target %(target)s"
    ),
    "algorithm_direction": (
        "%(code)s: l'algoritmo «%(text)s» contraddice il verso %(comparator)s"
    ),
    "rollup": "%(code)s: registrato %(score)s, la media pesata dà %(expected)s",
    "section_mismatch": "%(what)s: sezione 1 %(s1)s, sezione 3 %(s3)s",
    "staff_total": "personale per %(table)s, anno %(year)s: le righe sommano a "
    "%(sum)s, "
    "il personale in servizio è %(total)s",
    "budget_total": "bilancio, %(line)s (%(column)s): dichiarato %(declared)s, "
    "somma delle voci %(sum)s",
    "duplicate_row": "%(scheda)s: %(code)s%(unit)s compare %(count)s volte",
    "no_transparency": "nessun obiettivo o indicatore su trasparenza o anticorruzione",
    "placeholder": "%(where)s: segnaposto non compilato «%(text)s»",
    "wording": "%(where)s: «%(word)s» per report quadrimestrali",
}

KIND_LABELS = {
    "area": "Area",
    "os": "Obiettivo strategico",
    "oo": "Obiettivo operativo",
    "indicator": "Indicatore",
}
WHAT_LABELS = {
    "achievement": "% realizzazione",
    "score": "% parametrata",
    "share_parent": "% su Ob pond",
    "share_ente": "% su Ente",
    "result": "il risultato",
}
TABLE_LABELS = {
    "category": "categoria",
    "age": "classe d'età",
    "seniority": "anzianità di servizio",
    "contract": "tipo di contratto",
    "education": "titolo di studio",
    "sex": "sesso",
}
COLUMN_LABELS = {
    "preventivo": "preventivo",
    "aggiornato": "preventivo aggiornato",
    "consuntivo": "consuntivo",
}
STATUS_LABELS = {"ok": "Superato", "error": "Errori", "warning": "Avvisi"}
