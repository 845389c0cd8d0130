"""Browser steps shared by the journeys: filling the case tabs with good data, as a fee earner would."""

import re

from playwright.sync_api import expect


def open_new_case(page, *, first_name: str, last_name: str, portal: str = "OIC Portal") -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New case").click()
    page.get_by_label("Portal").select_option(label=portal)
    page.get_by_label("Title").select_option("Mr")
    page.get_by_label("Client's first name").fill(first_name)
    page.get_by_label("Client's last name").fill(last_name)
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(last_name)


def saved(page) -> None:
    expect(page.get_by_text("recorded in the history")).to_be_visible()


def fill_case_details(page, *, insurer: str = "Aviva") -> None:
    page.get_by_label("Date of birth").fill("1984-07-02")
    page.get_by_label("National Insurance number").fill("AB123456C")
    page.get_by_label("Address line 1").fill("8 Kirkstall Road")
    page.get_by_label("Town").fill("Leeds")
    page.get_by_label("Postcode").fill("LS3 1LH")
    page.get_by_label("Phone").fill("07911 123456")
    page.get_by_label("Email").fill("client@example.com")
    page.locator("#id_client-employment_status").select_option(label="Self-employed")
    page.get_by_label("Date and time").fill("2026-09-14T17:45")
    page.locator("#id_accident-accident_type").select_option(label="Hit in the rear")
    page.get_by_label("What happened").fill("Queueing traffic; the defendant drove into the back of the car.")
    page.get_by_label("Location").fill("Kirkstall Road, Leeds")
    page.locator("#id_vehicle-registration").fill("YK22 LMN")
    page.get_by_label("Insurer name").fill(insurer)
    page.get_by_role("button", name="Add a defendant vehicle").click()
    page.locator("#id_defendants-0-registration").fill("LR20 STU")
    page.get_by_role("button", name="Save").click()
    saved(page)


def fill_injury(page, *, tab: str = "OIC Injury") -> None:
    page.get_by_role("link", name=tab, exact=True).click()
    page.get_by_role("button", name="Add an injury").click()
    page.locator("#id_injuries-0-body_part").select_option(label="Neck")
    page.locator("#id_injuries-0-prognosis_months").fill("9")
    page.get_by_label("Saw a GP").check()
    page.get_by_role("button", name="Save").click()
    saved(page)


def fill_replacement_vehicle(page) -> None:
    page.get_by_role("link", name="Replacement Vehicle", exact=True).click()
    page.get_by_label("Needs help repairing the vehicle").select_option(label="No")
    page.locator("#id_no_repair_reason").select_option(label="Vehicle already repaired")
    page.get_by_label("Needs a hire vehicle").select_option(label="No")
    page.locator("#id_no_hire_reason").select_option(label="Has the use of another vehicle")
    page.get_by_role("button", name="Save").click()
    saved(page)


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])

    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two CSS colours given as rgb(…)/rgba(…) (opaque)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
