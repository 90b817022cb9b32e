"""The one way a generated file reaches the browser: an attachment of the
record it belongs to (so that record's access rules guard it), downloaded."""

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(record, filename, raw, mimetype=XLSX):
    attachment = record.env["ir.attachment"].create(
        {
            "name": filename,
            "raw": raw,
            "res_model": record._name,
            "res_id": record.id,
            "mimetype": mimetype,
        }
    )
    return {
        "type": "ir.actions.act_url",
        "url": f"/web/content/{attachment.id}?download=true",
        "target": "download",
    }
