"""The pages a public-sector website must have, as the demo seeds them: an accessibility
statement in the GOV.UK model form (Public Sector Bodies Accessibility Regulations 2018) and a
UK GDPR privacy notice. They are ordinary standard pages, so the network office keeps them up
to date in the Wagtail admin; the cookie statement is a view, so it names the cookies the
code really sets."""


def _h(text):
    return {"type": "heading", "value": text}


def _p(html):
    return {"type": "paragraph", "value": html}


ACCESSIBILITY_STATEMENT = (
    "accessibility-statement",
    "Accessibility statement for the West Midlands Imaging Network portal",
    "How accessible this website is, what we know does not work well yet, and how to tell us "
    "about a problem.",
    [
        _p(
            "<p>This accessibility statement applies to the West Midlands Imaging Network "
            "portal: its public pages, the members' areas, booking, CPD, the round-up and the "
            "papers of the boards and groups.</p>"
            "<p>This website is run by the West Midlands Imaging Network office. We want as many "
            "people as possible to be able to use it. For example, that means you should be able "
            "to:</p><ul><li>change colours, contrast levels and fonts using browser or device "
            "settings</li><li>zoom in up to 400% without the text spilling off the screen</li>"
            "<li>navigate most of the website using a keyboard or speech recognition "
            "software</li><li>listen to most of the website using a screen reader</li></ul>"
            "<p>We have also made the text as simple as possible to understand. "
            '<a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on making your '
            "device easier to use if you have a disability.</p>"
        ),
        _h("How accessible this website is"),
        _p(
            "<p>We know some parts of this website are not fully accessible:</p><ul>"
            "<li>many meeting papers, board packs and publications are PDF or Word files "
            "written by the groups, and some of them are not tagged for screen readers</li>"
            "<li>board packs are built by joining papers together, so they carry any problems "
            "the papers have</li>"
            "<li>some older webinar recordings have automatic captions that have not been "
            "checked, and a few have no transcript</li>"
            "<li>the charts on the dashboard have a data table beside them, but the charts "
            "themselves cannot be explored by keyboard</li>"
            "<li>the editing area (the Wagtail admin) is a third-party product we have not "
            "tested in full</li></ul>"
        ),
        _h("Feedback and contact information"),
        _p(
            "<p>If you need information on this website in a different format like accessible "
            "PDF, large print, easy read, audio recording or braille, email "
            '<a href="mailto:network.office@wmin.example">network.office@wmin.example</a>. '
            "We'll consider your request and get back to you in 5 working days.</p>"
        ),
        _h("Reporting accessibility problems with this website"),
        _p(
            "<p>We're always looking to improve the accessibility of this website. If you find "
            "any problems not listed on this page or think we're not meeting accessibility "
            "requirements, email the network office at "
            '<a href="mailto:network.office@wmin.example">network.office@wmin.example</a>.</p>'
        ),
        _h("Enforcement procedure"),
        _p(
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018 (the 'accessibility regulations'). If you're not happy with how we "
            "respond to your complaint, contact the "
            '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support '
            "Service (EASS)</a>.</p>"
        ),
        _h("Technical information about this website's accessibility"),
        _p(
            "<p>The West Midlands Imaging Network is committed to making its website accessible, "
            "in accordance with the Public Sector Bodies (Websites and Mobile Applications) "
            "(No. 2) Accessibility Regulations 2018.</p>"
            "<p><strong>Compliance status.</strong> This website is partially compliant with the "
            '<a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines '
            "version 2.2</a> AA standard, due to the non-compliances listed below.</p>"
        ),
        _h("Non-accessible content"),
        _p(
            "<p>The content listed below is non-accessible for the following reasons.</p>"
            "<p><strong>Non-compliance with the accessibility regulations.</strong> Some PDF and "
            "Word papers uploaded by the groups are not tagged, so headings and tables are not "
            "announced by screen readers (WCAG 1.3.1 Info and Relationships). Board packs built "
            "from them share the problem. We ask authors to use the accessible templates and "
            "check new papers before they are published.</p>"
            "<p>Some webinar recordings from before April 2024 have captions that have not been "
            "checked for accuracy (WCAG 1.2.2 Captions (Prerecorded)). We are checking them, "
            "most-watched first.</p>"
            "<p><strong>Content that's not within the scope of the accessibility "
            "regulations.</strong> PDFs and other documents published before 23 September 2018 "
            "that are not needed for using our services, and live webinars, are exempt.</p>"
        ),
        _h("What we're doing to improve accessibility"),
        _p(
            "<p>Every page template is tested with an automated checker (axe) and by keyboard, "
            "at desktop width and at 320 pixels, each time the website changes. We are "
            "replacing untagged papers with accessible versions as groups re-issue them.</p>"
        ),
        _h("Preparation of this accessibility statement"),
        _p(
            "<p>This statement was prepared on 1 December 2026. It was last reviewed on "
            "1 December 2026.</p><p>This website was last tested on 1 December 2026 against "
            "the WCAG 2.2 AA standard. The test was carried out by the network's digital team, "
            "using automated testing on every page type and manual keyboard and screen reader "
            "checks of booking, signing in and reading papers.</p>"
        ),
    ],
)

PRIVACY_NOTICE = (
    "privacy-notice",
    "Privacy notice",
    "What the West Midlands Imaging Network holds about you, why, for how long, and your rights "
    "under UK data protection law.",
    [
        _h("Who we are"),
        _p(
            "<p>The West Midlands Imaging Network is the data controller for this portal. The "
            "network office answers questions about your data: "
            '<a href="mailto:network.office@wmin.example">network.office@wmin.example</a>. '
            "Our host trust's data protection officer can be reached through the same "
            "address.</p>"
        ),
        _h("What we hold"),
        _p(
            "<p><strong>Members</strong> (NHS staff): your name, work email address, job title, "
            "staff group, trust, professional registration body and number (for CPD "
            "certificates), the groups you belong to and your role in them, meetings you "
            "attended, declarations of interest, actions you own, events you booked and any "
            "answers you gave when booking (such as dietary or access needs), your CPD log and "
            "certificates, and a record of which confidential papers you opened.</p>"
            "<p><strong>Patient and public volunteers</strong>: your name and email address, the "
            "groups you sit on, the papers you reviewed and the feedback you gave, your "
            "acceptance of the volunteer policy, and expense claims with their receipts and "
            "the bank details needed to pay you.</p>"
            "<p><strong>Round-up subscribers</strong>: your email address, the sections you chose, "
            "when you subscribed and confirmed, and whether each issue reached you.</p>"
        ),
        _h("Why we hold it, and the lawful basis"),
        _p(
            "<p>We use this information to run the network's boards and groups, share papers "
            "with the right people, run events and issue CPD certificates, and pay volunteers' "
            "expenses. The lawful basis is public task (UK GDPR Article 6(1)(e)): the network "
            "supports NHS trusts to deliver imaging services. Declarations of interest are "
            "kept to meet NHS England's guidance on managing conflicts of interest (legal "
            "obligation and public task). Access or dietary needs you tell us when booking are "
            "health information; we use them only to make the event work for you, under "
            "Article 9(2)(h) (health and social care), and delete them after the event.</p>"
            "<p>The round-up is sent on the basis of your consent (Article 6(1)(a)), which you "
            "can withdraw at any time from the link in every email.</p>"
        ),
        _h("Who we share it with"),
        _p(
            "<p>Group members see the names and trusts of the other members of their group. "
            "Event organisers see who booked their events. We do not sell your data or use it "
            "for marketing. Our email and hosting suppliers process it on our behalf, in the "
            "UK, under contract.</p>"
        ),
        _h("How long we keep it"),
        _p(
            "<p>Membership records: while you are a member and 6 years after you leave. "
            "Meeting records, decisions and declarations of interest: as the NHS Records "
            "Management Code of Practice sets out for corporate records (usually 6 years, "
            "board papers permanently). Bookings: 2 years after the event; certificates and "
            "CPD logs: while you have an account, so you can show them at HCPC audit. Expense "
            "claims: 6 years (HMRC). Round-up subscriptions: until you unsubscribe, then only "
            "your address on our suppression list so we never email you again.</p>"
        ),
        _h("Your rights"),
        _p(
            "<p>You have the right to ask for a copy of your information, to have it corrected, "
            "to have it deleted or its use restricted where the law allows, to object to its "
            "use, and to withdraw consent you gave. Email the network office to ask. If you are "
            "unhappy with how we handled your information, you can complain to the "
            '<a href="https://ico.org.uk/make-a-complaint/">Information Commissioner\'s '
            "Office</a>.</p>"
        ),
        _h("Cookies"),
        _p('<p>Our <a href="/cookies/">cookie statement</a> lists the cookies this site sets.</p>'),
    ],
)

PUBLIC_PAGES = [ACCESSIBILITY_STATEMENT, PRIVACY_NOTICE]
