"""A fee earner opens a case and fills every tab in a real browser, bad input first."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from tests.browser.conftest import sign_in_browser
from tests.factories import PASSWORD, fill_case, make_case


def test_a_fee_earner_creates_a_case_through_every_tab(page, alice, bob, screenshot, document_root, tmp_path):
    fill_case(make_case(fee_earner=bob, first_name="Other", last_name="Client"))
    sign_in_browser(page, "alice", PASSWORD)
    screenshot(page, "01-case-list")

    page.get_by_role("link", name="New case").first.click()
    page.get_by_label("Portal").select_option(label="OIC Portal")
    page.get_by_label("Title").select_option("Ms")
    page.get_by_label("Client's first name").fill("Priya")
    page.get_by_label("Client's last name").fill("Sharma")
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ms Priya Sharma")
    reference = Case.objects.get(client__last_name="Sharma").reference

    # Case Details: bad postcode, phone and email first — each gets its own error, nothing is saved.
    page.get_by_label("Date of birth").fill("1990-03-14")
    page.get_by_label("National Insurance number").fill("AB 12 34 56 C")
    page.get_by_label("Address line 1").fill("12 Hyde Park Road")
    page.get_by_label("Town").fill("Leeds")
    page.get_by_label("Postcode").fill("LS6 XYZ")
    page.get_by_label("Phone").fill("12345")
    page.get_by_label("Email").fill("priya-at-example")
    page.locator("#id_client-employment_status").select_option(label="Employed (full time)")
    page.get_by_label("Date and time").fill("2026-10-02T08:30")
    page.locator("#id_accident-accident_type").select_option(label="Hit in the rear")
    page.get_by_label("What happened").fill("Stationary at lights when hit from behind.")
    page.get_by_label("Location").fill("Otley Road, Leeds")
    page.locator("#id_vehicle-registration").fill("YK71 PSH")
    page.get_by_label("Insurer name").fill("Aviva")
    page.get_by_role("button", name="Add a defendant vehicle").click()
    page.locator("#id_defendants-0-registration").fill("MA19 XYZ")
    page.locator("#id_defendants-0-make").fill("Ford")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    expect(page.get_by_text("Enter a valid UK postcode")).to_be_visible()
    expect(page.get_by_text("This is not a valid phone number")).to_be_visible()
    expect(page.get_by_text("Enter a valid email address")).to_be_visible()
    header = page.get_by_role("region", name="Case summary")
    expect(header.locator(".case-facts div", has_text="Accident")).to_contain_text(
        "—"
    )  # not the refused date
    for needed in (
        "Postcode",
        "Phone",
        "Email",
    ):  # the portal needs them: each says so, to screen readers too
        expect(page.get_by_label(needed)).to_have_accessible_description(re.compile("^Needed for the portal"))
    screenshot(page, "02-case-details-errors")
    assert Case.objects.get(reference=reference).client.town == ""

    page.get_by_label("Postcode").fill("ls6 2ab")
    page.get_by_label("Phone").fill("0113 496 0457")
    page.get_by_label("Email").fill("priya@example.com")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("change(s) recorded in the history")).to_be_visible()
    expect(page.get_by_label("Postcode")).to_have_value("LS6 2AB")
    expect(page.get_by_label("Phone")).to_have_value("0113 496 0457")
    screenshot(page, "03-case-details")

    # OIC Injury tab: an injury added with the "Add" button, then treatment.
    page.get_by_role("link", name="OIC Injury", exact=True).click()
    page.get_by_role("button", name="Add an injury").click()
    page.locator("#id_injuries-0-body_part").select_option(label="Neck")
    page.locator("#id_injuries-0-prognosis_months").fill("6")
    page.get_by_label("Saw a GP").check()
    page.get_by_label("Took time off work").check()
    page.get_by_label("Days off work").fill("4")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("change(s) recorded in the history")).to_be_visible()
    screenshot(page, "04-oic-injury")

    page.get_by_role("link", name="Replacement Vehicle", exact=True).click()
    page.get_by_label("Needs help repairing the vehicle").select_option(label="No")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose why no repair help is needed.")).to_be_visible()
    page.locator("#id_no_repair_reason").select_option(label="Vehicle written off")
    page.get_by_label("Needs a hire vehicle").select_option(label="Yes")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("change(s) recorded in the history")).to_be_visible()

    page.get_by_role("link", name="Losses", exact=True).click()
    page.get_by_role("button", name="Add a loss").click()
    page.locator("#id_losses-0-loss_type").select_option(label="Policy excess")
    page.locator("#id_losses-0-amount").fill("250")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Total claimed: £250.00")).to_be_visible()

    page.get_by_role("link", name="Notes", exact=True).click()
    page.get_by_label("Note").fill("Client confirmed the accident details by phone.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Client confirmed the accident details by phone.")).to_be_visible()

    page.get_by_role("link", name="Documents", exact=True).click()
    photo = tmp_path / "dashcam.pdf"
    photo.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("File").set_input_files(str(photo))
    page.locator("#id_category").select_option(label="Evidence of losses")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="dashcam.pdf")).to_be_visible()

    page.get_by_role("link", name="Tasks", exact=True).click()
    page.get_by_label("Title").fill("Send client care letter")
    page.get_by_label("or due in … business days").fill("2")
    page.get_by_role("button", name="Add task").click()
    expect(page.get_by_role("link", name="Send client care letter")).to_be_visible()

    page.get_by_role("link", name="History", exact=True).click()
    expect(page.get_by_text("Note added: Client confirmed")).to_be_visible()
    screenshot(page, "05-history")
    page.get_by_label("What").select_option(label="Note added")
    page.get_by_label("Who").select_option(label="Alice Tester")
    page.get_by_label("From", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Filter").click()
    history = page.get_by_role("region", name="History")
    expect(history.locator("tbody > tr")).to_have_count(1)
    expect(history).to_contain_text("Note added: Client confirmed")
    expect(page.get_by_text("1 event matches.")).to_be_visible()
    screenshot(page, "26-history-filtered")
    page.get_by_label("To", exact=True).fill("2020-01-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("The end date is before the start date.", exact=True)).to_be_visible()

    # Search: what a fee earner has to hand, typed as people type it; one match opens the case.
    for query in ("Sharma", "0113 496 0457", "yk71psh", "ls6 2ab"):
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
        page.get_by_label("Search").fill(query)
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Ms Priya Sharma")
        expect(page.get_by_text(f"The only case matching “{query}”.")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.get_by_label("Search").fill("example.com")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    expect(page.get_by_text("Other Client")).to_be_visible()
    assert not [e for e in page.console_errors if re.search("Content.Security.Policy|Refused", e)]
