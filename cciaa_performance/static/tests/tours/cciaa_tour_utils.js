/**
 * Helpers shared by the CCIAA performance tours (both addons).
 *
 * The Python test (tests/test_tours.py) hands data to its tour through
 * attachments created as the tour's user: files to upload, and a JSON file of
 * parameters (codes, names, expected figures read from the data set), so that
 * no figure is typed in the tour.
 */

import { queryFirst } from "@odoo/hoot-dom";
import { rpc } from "@web/core/network/rpc";

export const APP = "cciaa_performance.menu_cciaa_performance_root";
const PARAMS_KEY = "cciaa_tour_params:";

async function readAttachment(name) {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", name]], ["datas", "mimetype"]],
        kwargs: { limit: 1, order: "id desc" },
    });
    return attachment;
}

function decodeBase64Utf8(data) {
    return new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
}

/**
 * For a tour's `wait_for`: loads `<tourName>.json` (the test's parameters)
 * into the session storage before the steps are built. A lazy thenable, so
 * that nothing is fetched unless this very tour is started.
 */
export function loadParams(tourName) {
    return {
        then(resolve, reject) {
            return readAttachment(`${tourName}.json`)
                .then((attachment) => {
                    const params = attachment ? decodeBase64Utf8(attachment.datas) : "{}";
                    sessionStorage.setItem(PARAMS_KEY + tourName, params);
                })
                .then(resolve, reject);
        },
    };
}

/**
 * A tour's `steps` built from its parameters (see {@link loadParams}). The
 * tour service also builds the steps once before `wait_for` has resolved
 * (and throws that list away): then there are no parameters and no steps.
 */
export function stepsWithParams(tourName, build) {
    return () => {
        const params = sessionStorage.getItem(PARAMS_KEY + tourName);
        return params ? build(JSON.parse(params)) : [];
    };
}

/**
 * Puts the attachment `name` (created by the test as the tour's user) in the
 * file input inside `fieldSelector` (a binary or many2many_binary field on
 * screen, hoot selector), as if the user had picked it in the file chooser.
 */
export async function uploadAttachment(fieldSelector, name) {
    const attachment = await readAttachment(name);
    if (!attachment) {
        throw new Error(`tour: no attachment named ${name}`);
    }
    const blob = await (
        await fetch(`data:${attachment.mimetype};base64,${attachment.datas}`)
    ).blob();
    const file = new File([blob], name, { type: attachment.mimetype });
    const input = queryFirst(`${fieldSelector} input[type=file]`, { visible: false });
    if (!input) {
        throw new Error(`tour: no file input in ${fieldSelector}`);
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

/** A hoot selector string literal: `:contains(${quote(text)})`. */
export function quote(text) {
    return JSON.stringify(String(text));
}

/**
 * A step that waits for `trigger` and checks that its text is exactly
 * `expected` (":contains" alone would accept "100,00" for "0,00").
 */
export function checkText(content, trigger, expected) {
    return {
        content,
        trigger: `${trigger}:contains(${quote(expected)})`,
        run() {
            const text = this.anchor.textContent.trim();
            if (text !== String(expected)) {
                throw new Error(`${content}: expected "${expected}", found "${text}"`);
            }
        },
    };
}

/**
 * The steps that fill the many2one `field` of the form on screen: type
 * `choice.search`, pick the result at `choice.index` (the test computes both
 * with name_search, as the client does: units of the two 2019 charts share
 * their names, so the position tells them apart).
 */
export function many2oneSteps(field, choice) {
    return [
        {
            content: `${field}: type ${choice.search}`,
            trigger: `.o_field_widget[name=${field}] input`,
            run: `edit ${choice.search}`,
        },
        {
            content: `${field}: pick result ${choice.index + 1}`,
            // the results of the whole text (not of its first letters)
            trigger: `.o_field_widget[name=${field}] .o-autocomplete--dropdown-item:nth-child(${
                choice.index + 1
            }):not(.o_m2o_dropdown_option):contains(${quote(choice.search)})`,
            run: "click",
        },
    ];
}

/** The step that opens (or closes) the activities of the systray: the clock. */
function systrayActivities(content) {
    return { content, trigger: ".o_menu_systray i.fa-clock-o", run: "click" };
}

function activityGroup(model) {
    return `.o-mail-ActivityGroup[data-model_name=${quote(model)}]`;
}

/**
 * The steps that open the activities of the systray and find the group of
 * `model`, where a hand-off of the chain left the user an activity (`content`
 * says which one); then close them again.
 */
export function seeActivityGroup(model, content) {
    return [
        systrayActivities("the activities of the systray"),
        { content, trigger: activityGroup(model) },
        systrayActivities("close the activities"),
    ];
}

/**
 * The steps that open the activities of the systray and click the group of
 * `model` (`content` says which activity): the records of `model` waiting
 * for the user, in its kanban view.
 */
export function openActivityGroup(model, content) {
    return [
        systrayActivities("the activities of the systray"),
        { content, trigger: activityGroup(model), run: "click" },
    ];
}
