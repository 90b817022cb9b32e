/** Helpers shared by the CCIAA performance tours (both addons). */

import { rpc } from "@web/core/network/rpc";

/**
 * The test creates, as the tour's user, an ir.attachment named `name` holding
 * the file to upload; this reads it back and puts it in the file input of
 * `fieldName` (a binary field of the form or dialog on screen), as if the
 * user had picked it in the browser's file chooser.
 */
export async function uploadAttachment(fieldName, name) {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", name]], ["datas", "mimetype"]],
        kwargs: { limit: 1, order: "id desc" },
    });
    if (!attachment) {
        throw new Error(`tour: no attachment named ${name}`);
    }
    const blob = await (
        await fetch(`data:${attachment.mimetype};base64,${attachment.datas}`)
    ).blob();
    const file = new File([blob], name, { type: attachment.mimetype });
    const input = document.querySelector(
        `.o_field_widget[name="${fieldName}"] input[type="file"]`
    );
    if (!input) {
        throw new Error(`tour: no file input in field ${fieldName}`);
    }
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

/**
 * The steps that open a menu of the current app by XML ids: a section of the
 * navbar, then (optionally) an item of its dropdown, which Odoo renders in an
 * overlay outside the navbar.
 */
export function openMenu(section, item) {
    const steps = [
        {
            content: `open menu ${section}`,
            trigger: `.o_main_navbar [data-menu-xmlid="${section}"]`,
            run: "click",
        },
    ];
    if (item) {
        steps.push({
            content: `open menu ${item}`,
            trigger: `.dropdown-item[data-menu-xmlid="${item}"]`,
            run: "click",
        });
    }
    return steps;
}

export const APP = "cciaa_performance.menu_cciaa_performance_root";
