"""Version pairs in the forms real revisions take (see README.md), written for this project.

Each case: ``id`` (``realtext-NN-kind``), ``old`` and ``new`` as paragraphs of
sentences, ``edits`` as ``(old sentence, new sentence, aspects)``, and
``moves`` (old sentences that only changed place). Places, people and figures
are invented.
"""

CASES = [
    # -- encyclopedia articles: reference marks after the stop -----------------------
    {
        "id": "realtext-01-refs-figure",
        "old": [["Lake Varden is a reservoir in the north of the county.[1]",
                 "Its dam was finished in 1962 after six years of work.[2]",
                 "The lake supplies water to about 40,000 homes.[3][4]"],
                ["A second spillway was added in 2001.[5]", "The lake is also used for sailing."]],
        "new": [["Lake Varden is a reservoir in the north of the county.[1]",
                 "Its dam was finished in 1962 after six years of work.[2]",
                 "The lake supplies water to about 46,000 homes.[3][4]"],
                ["A second spillway was added in 2001.[5]", "The lake is also used for sailing."]],
        "edits": [("The lake supplies water to about 40,000 homes.[3][4]",
                   "The lake supplies water to about 46,000 homes.[3][4]", ["numbers"])],
    },
    {
        "id": "realtext-02-refs-renumbered",
        "old": [["The Orrin Bridge carries the coast road over the estuary.[1]",
                 "It opened to traffic in 1934.[2]", "Tolls were abolished in 1971.[3]"],
                ["The bridge was strengthened in 1998 for heavier lorries.[4]",
                 "A cycle lane was added in 2015.[5][6]"]],
        "new": [["The Orrin Bridge carries the coast road over the estuary.[1][2]",
                 "It opened to traffic in 1934.[3]", "Tolls were abolished in 1971.[4]"],
                ["The bridge was strengthened in 1998 for heavier lorries.[5]",
                 "A cycle lane was added in 2015.[6][7]"]],
    },
    {
        "id": "realtext-03-refs-citation-needed",
        "old": [["The festival began as a harvest fair.[1]", "It now draws visitors from abroad.",
                 "Most of them arrive by train."]],
        "new": [["The festival began as a harvest fair.[1]", "It now draws visitors from abroad.[citation needed]",
                 "Most of them arrive by train."]],
    },
    {
        "id": "realtext-04-refs-claim-and-renumber",
        "old": [["The museum holds about 2,000 objects.[1]", "Its founder was a railway engineer.[2]",
                 "The collection moved to the old mill in 1987.[3]"]],
        "new": [["The museum holds about 2,000 objects.[1]",
                 "Its founder was a railway engineer and a collector of clocks.[2][3]",
                 "The collection moved to the old mill in 1989.[4]"]],
        "edits": [("Its founder was a railway engineer.[2]",
                   "Its founder was a railway engineer and a collector of clocks.[2][3]", ["content"]),
                  ("The collection moved to the old mill in 1987.[3]",
                   "The collection moved to the old mill in 1989.[4]", ["numbers"])],
    },
    # -- wire copy: datelines ----------------------------------------------------
    {
        "id": "realtext-05-dateline-alone-then-run-in",
        # The old page set the dateline in an element of its own: it is the lead's first words.
        "old_text": "DENVER —\n\nA state audit expected to be published on Friday found that the road agency "
                    "overpaid its contractors for snow clearing.\n\nThe agency did not answer questions on "
                    "Thursday about the audit.",
        "old": [["DENVER — A state audit expected to be published on Friday found that the road agency overpaid "
                 "its contractors for snow clearing."],
                ["The agency did not answer questions on Thursday about the audit."]],
        "new": [["DENVER — A state audit published on Friday found that the road agency overpaid "
                 "its contractors for snow clearing."],
                ["The agency did not answer questions about the audit."]],
        "edits": [("DENVER — A state audit expected to be published on Friday found that the road agency overpaid "
                   "its contractors for snow clearing.",
                   "DENVER — A state audit published on Friday found that the road agency overpaid "
                   "its contractors for snow clearing.", ["content"]),
                  ("The agency did not answer questions on Thursday about the audit.",
                   "The agency did not answer questions about the audit.", ["time"])],
    },
    {
        "id": "realtext-06-dateline-state-agency",
        "old": [["TULSA, Okla. (AP) — A storm tore the roofs off 14 homes overnight, officials said.",
                 "No injuries were reported."]],
        "new": [["TULSA, Okla. (AP) — A storm tore the roofs off 19 homes overnight, officials said.",
                 "No injuries were reported."]],
        "edits": [("TULSA, Okla. (AP) — A storm tore the roofs off 14 homes overnight, officials said.",
                   "TULSA, Okla. (AP) — A storm tore the roofs off 19 homes overnight, officials said.",
                   ["numbers"])],
    },
    {
        "id": "realtext-07-address-state-mid-sentence",
        "old": [["The plant in Dayton, Ohio, and the one in Reno, Nev., will close in May.",
                 "About 300 workers are affected."]],
        "new": [["The plant in Dayton, Ohio, and the one in Reno, Nev., will close in June.",
                 "About 300 workers are affected."]],
        "edits": [("The plant in Dayton, Ohio, and the one in Reno, Nev., will close in May.",
                   "The plant in Dayton, Ohio, and the one in Reno, Nev., will close in June.", ["time"])],
    },
    # -- list articles: numbered items -------------------------------------------------
    {
        "id": "realtext-08-numbered-list",
        "old": [["Five ways to keep a bike running through winter"], ["1. Rinse the salt off after every ride"],
                ["2. Oil the chain every 7 days"], ["3. Check the brake pads"],
                ["4. Keep the tyres slightly softer"]],
        "new": [["Five ways to keep a bike running through winter"], ["1. Rinse the salt off after every ride"],
                ["2. Oil the chain every 3 days"], ["3. Check the brake pads"],
                ["4. Keep the tyres slightly softer"], ["5. Store it indoors"]],
        "edits": [("2. Oil the chain every 7 days", "2. Oil the chain every 3 days", ["numbers"])],
    },
    # -- page furniture that ticks ------------------------------------------------------
    {
        "id": "realtext-09-update-stamp",
        "old": [["Updated 3:45 p.m. ET, March 4, 2024"],
                ["Crews reopened the eastern ramp of the bridge on Tuesday.",
                 "The western ramp will stay closed until April."]],
        "new": [["Updated 5:02 p.m. ET, March 4, 2024"],
                ["Crews reopened the eastern ramp of the bridge on Tuesday.",
                 "The western ramp will stay closed until May."]],
        "edits": [("Updated 3:45 p.m. ET, March 4, 2024", "Updated 5:02 p.m. ET, March 4, 2024", ["wording"]),
                  ("The western ramp will stay closed until April.",
                   "The western ramp will stay closed until May.", ["time"])],
    },
    {
        "id": "realtext-10-reviewed-line",
        "old": [["Flu vaccines are free for adults over 65."], ["Clinics open at 8 a.m. on weekdays."],
                ["Page last reviewed: March 3, 2023"]],
        "new": [["Flu vaccines are free for adults over 65."], ["Clinics open at 8 a.m. on weekdays."],
                ["Pharmacies can also give the vaccine."], ["Page last reviewed: June 12, 2024"]],
        "edits": [("Page last reviewed: March 3, 2023", "Page last reviewed: June 12, 2024", ["wording"])],
    },
    {
        "id": "realtext-11-event-date-is-news",
        "old": [["The county fair opens on"], ["May 3, 2024"], ["Tickets cost $8 at the gate."]],
        "new": [["The county fair opens on"], ["May 10, 2024"], ["Tickets cost $8 at the gate."]],
        "edits": [("May 3, 2024", "May 10, 2024", ["time"])],
    },
    # -- situation reports: bullets ----------------------------------------------------
    {
        "id": "realtext-12-bullets",
        "old": [["Recovery at a glance"], ["- Half of the pharmacies are open"],
                ["- Crews cleared 12 miles of road"], ["- Shelters house 1,200 people"]],
        "new": [["Recovery at a glance"], ["- More than half of the pharmacies are open"],
                ["- Crews cleared 18 miles of road"], ["- Shelters house 1,200 people"],
                ["- Water service is back in 3 towns"]],
        "edits": [("- Half of the pharmacies are open", "- More than half of the pharmacies are open", ["numbers"]),
                  ("- Crews cleared 12 miles of road", "- Crews cleared 18 miles of road", ["numbers"])],
    },
    # -- a program page rewritten: one topic, other statements ---------------------------
    {
        "id": "realtext-13-same-topic-new-items",
        "old": [["Working with partners"],
                ["The Coastal Plan lists steps that federal agencies will take to address harbor erosion, "
                 "including new seawalls and buyouts for flooded homes."],
                ["The Tribal Water Fund supports planning for clean drinking water on reservations."]],
        "new": [["Working with partners"],
                ["The research office brings together federal agencies and universities to address drought "
                 "forecasting at the county, state and national levels."],
                ["The Tribal Water Fund supports planning for clean drinking water on reservations."]],
    },
    {
        "id": "realtext-14-attribution-lines",
        "old": [["Crews pulled two hikers from the canyon after a rockslide."],
                ["— County Fire (@countyfire) May 4, 2024"],
                ["Volunteers handed out water at the trailhead."]],
        "new": [["Crews pulled two hikers from the canyon after a rockslide."],
                ["Volunteers handed out water at the trailhead."],
                ["The road to the park reopened at noon."],
                ["— City Police (@citypd) May 2, 2024"]],
    },
    # -- wire story rewritten: the lead rewritten, a paragraph moved up ------------------
    {
        "id": "realtext-15-rewrite-and-move",
        "old": [["ACCRA, Ghana — A website run by the port authority shows six foreign ships held in the "
                 "harbor, four of them detained in the past month."],
                ["The list is updated weekly and helps crews' families follow their cases."],
                ["Officials did not say why the ships were held."],
                ["Copyright 2024 The Wire Service.", "All rights reserved."]],
        "new": [["ACCRA, Ghana — Six foreign ships are held in the harbor, four of them detained in the past "
                 "month, according to a website run by the port authority."],
                ["Officials did not say why the ships were held."],
                ["The list is updated weekly and helps crews' families follow their cases."],
                ["A shipping union said it would ask for the crews' release."],
                ["Copyright 2024 The Wire Service.", "All rights reserved."]],
        "edits": [("ACCRA, Ghana — A website run by the port authority shows six foreign ships held in the "
                   "harbor, four of them detained in the past month.",
                   "ACCRA, Ghana — Six foreign ships are held in the harbor, four of them detained in the past "
                   "month, according to a website run by the port authority.", ["wording"])],
        # Either of the two swapped paragraphs moved; a reader says the one that rose did.
        "moves": ["Officials did not say why the ships were held."],
    },
    # -- credits: a reporter added to the byline and the contributor line ----------------
    {
        "id": "realtext-16-credit-lines",
        "old": [["By Jane Roe, The Wire Service"],
                ["BOISE, Idaho (AP) — A wildfire forced 200 families from their homes on Sunday."],
                ["Wire Service writer Sam Poe in Salt Lake City contributed to this report."]],
        "new": [["By Jane Roe and Ann Loe, The Wire Service"],
                ["BOISE, Idaho (AP) — A wildfire forced 350 families from their homes on Sunday."],
                ["Wire Service writers Sam Poe in Salt Lake City and Ted Moe in Helena contributed to this report."]],
        "edits": [("By Jane Roe, The Wire Service", "By Jane Roe and Ann Loe, The Wire Service", ["wording"]),
                  ("BOISE, Idaho (AP) — A wildfire forced 200 families from their homes on Sunday.",
                   "BOISE, Idaho (AP) — A wildfire forced 350 families from their homes on Sunday.", ["numbers"]),
                  ("Wire Service writer Sam Poe in Salt Lake City contributed to this report.",
                   "Wire Service writers Sam Poe in Salt Lake City and Ted Moe in Helena contributed to this report.",
                   ["wording"])],
    },
    # -- a listing page: new items on top, old ones gone at the bottom ------------------
    {
        "id": "realtext-17-listing-dates",
        "old": [["News releases"],
                ["Agency Opens Second Flood Office in Harlow"], ["The office will take claims in person."],
                ["October 9, 2023"],
                ["Agency Names New Regional Director"], ["She led the coastal program for six years."],
                ["October 2, 2023"]],
        "new": [["News releases"],
                ["Grants Announced for Rural Water Systems"], ["Forty towns will share the first round."],
                ["October 16, 2023"],
                ["Agency Opens Second Flood Office in Harlow"], ["The office will take claims in person."],
                ["October 9, 2023"]],
    },
]
