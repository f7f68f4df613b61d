"""Sentence banks for the synthetic case-study generator (``generate.py``).

Each field has themed sentences (a theme key, then two or three phrasings with varied wording, as
real teams write: volunteers / volunteering / befrienders / walk leaders) and plain sentences
that carry no theme. Sentences are ``str.format`` templates over a per-form context (see
``generate._context``). The themes mirror the gold standard of the demo corpus
(``tests/data/gold/casestudies_gold.toml``) so a theme benchmark can score planted themes at
scale. Every character is in Windows-1252, so any form may be saved in that encoding.
"""

from __future__ import annotations

# theme key -> (heading field id, label, acceptable label keywords)
THEMES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "purpose/isolation": ("purpose", "Reducing social isolation", ("isolation", "lonel", "connection")),
    "purpose/wellbeing": ("purpose", "Improving mental wellbeing", ("wellbeing", "mental health", "mood")),
    "purpose/confidence_skills": ("purpose", "Building confidence and skills", ("confidence", "skills")),
    "purpose/nature": ("purpose", "Connecting people with nature", ("nature", "outdoors", "green")),
    "purpose/physical_activity": ("purpose", "Increasing physical activity", ("physical", "active", "activity")),
    "purpose/gp_demand": ("purpose", "Reducing pressure on GPs", ("gp", "primary care", "appointments", "demand")),
    "purpose/heritage": ("purpose", "Celebrating local heritage", ("heritage", "history", "identity")),
    "participants/older_alone": ("participants", "Older people living alone", ("older", "alone")),
    "participants/referrals": ("participants", "Referrals from GPs and link workers", ("referr", "gp", "link worker")),
    "participants/volunteers": ("participants", "Volunteers", ("volunteer", "befriender", "walk leader")),
    "participants/mental_health": ("participants", "People with mental health conditions", ("mental", "anxiety")),
    "participants/deprived": ("participants", "People in deprived areas", ("depriv", "low income")),
    "participants/carers": ("participants", "Carers and family members", ("carer", "family")),
    "participants/diverse": ("participants", "Ethnically diverse communities", ("ethnic", "diverse", "refugee")),
    "methodology/social_prescribing": ("methodology", "Social prescribing model", ("social prescribing",)),
    "methodology/asset_based": ("methodology", "Asset-based approach", ("asset",)),
    "methodology/coproduction": ("methodology", "Co-production", ("co-produc", "coproduc", "co-design")),
    "methodology/five_ways": ("methodology", "Five Ways to Wellbeing", ("five ways",)),
    "methodology/arts_evidence": ("methodology", "Arts and health evidence", ("creative health", "evidence")),
    "methodology/pilot": ("methodology", "Building on a pilot", ("pilot",)),
    "methodology/peer_support": ("methodology", "Peer support", ("peer",)),
    "data_collection/wemwbs": ("data_collection", "WEMWBS before and after", ("wemwbs", "warwick")),
    "data_collection/focus_groups": ("data_collection", "Focus groups", ("focus group",)),
    "data_collection/interviews": ("data_collection", "Interviews", ("interview",)),
    "data_collection/attendance": ("data_collection", "Attendance records", ("attendance", "register")),
    "data_collection/ons4": ("data_collection", "ONS4 wellbeing questions", ("ons4", "ons ", "life satisfaction")),
    "data_collection/peer_researchers": ("data_collection", "Peer researchers", ("peer", "community researcher")),
    "data_collection/university": ("data_collection", "University evaluation", ("university", "evaluat")),
    "impact/wellbeing_scores": ("impact", "Improved wellbeing scores", ("wellbeing", "score")),
    "impact/friendships": ("impact", "Reduced isolation and new friendships", ("isolat", "lonel", "friend")),
    "impact/confidence": ("impact", "Increased confidence", ("confiden", "self-esteem")),
    "impact/skills": ("impact", "New skills", ("skill",)),
    "impact/nature": ("impact", "Connection with nature", ("nature",)),
    "impact/gp_visits": ("impact", "Reduced GP visits", ("gp", "appointment")),
    "impact/sroi": ("impact", "Social return on investment", ("sroi", "social value", "return")),
    "impact/mobility": ("impact", "Better mobility and fitness", ("mobility", "fitness", "physical")),
    "enablers_barriers/volunteers": ("enablers_barriers", "Volunteers as enablers", ("volunteer", "befriender")),
    "enablers_barriers/transport": ("enablers_barriers", "Transport and rural access", ("transport", "bus", "rural")),
    "enablers_barriers/funding": ("enablers_barriers", "Short-term funding", ("funding", "grant")),
    "enablers_barriers/partnerships": (
        "enablers_barriers",
        "Partnerships with GPs and the NHS",
        ("partner", "gp", "nhs"),
    ),
    "enablers_barriers/venues": ("enablers_barriers", "Accessible, welcoming venues", ("venue", "welcoming", "access")),
    "enablers_barriers/staff": ("enablers_barriers", "Staff capacity and turnover", ("staff", "capacity", "turnover")),
    "enablers_barriers/weather": ("enablers_barriers", "Weather and seasons", ("weather", "winter")),
    "key_learning/coproduction_time": ("key_learning", "Co-production takes time", ("co-produc", "coproduc")),
    "key_learning/drop_in": ("key_learning", "Flexible drop-in formats", ("drop-in", "drop in", "flexib")),
    "key_learning/evaluation": ("key_learning", "Consistent evaluation", ("evaluat", "measure", "consistent")),
    "key_learning/referrers": ("key_learning", "Relationships with referrers", ("referr",)),
    "key_learning/facilitators": ("key_learning", "Skilled facilitators", ("facilitator", "artist", "skilled")),
    "key_learning/food": ("key_learning", "Food and social time", ("tea", "food", "lunch")),
    "next_steps/funding": ("next_steps", "Seeking longer-term funding", ("funding", "grant", "contract")),
    "next_steps/volunteers": ("next_steps", "Sustainability through volunteers", ("volunteer",)),
    "next_steps/nhs_pathways": ("next_steps", "Embedding in NHS pathways", ("nhs", "pathway", "commission")),
    "next_steps/expansion": ("next_steps", "Expanding to new sites", ("expand", "new sites", "roll out")),
    "next_steps/toolkit": ("next_steps", "Toolkits and training for others", ("toolkit", "training")),
    "next_steps/enterprise": ("next_steps", "Social enterprise and income", ("enterprise", "income", "sell")),
}

# field id -> {theme key: [phrasings]} ; plain (unthemed) sentences under the key "".
BANKS: dict[str, dict[str, list[str]]] = {
    "overview": {
        "": [
            "{title} is {a_kind} run by {org} in {place}.",
            "It brings people together every week for {activity}, led by {leader}.",
            "Since {year} around {n} people have taken part, most of them living within a few miles of the {venue}.",
            "The project started as a small idea from a group of local residents and grew over {years} years.",
            "This case study describes how the project was set up, who took part and what changed for them.",
            "Participants describe it as a friendly, low-pressure place to try something new.",
            "The project is free to attend and open to anyone who would benefit.",
            "Sessions run throughout the year, with a short break in August.",
            "The evaluation suggests clear benefits for participants and for the wider community.",
        ],
    },
    "setting": {
        "": [
            "The project is based in {place}, {region}.",
            "Sessions take place at {a_venue} close to the town centre.",
            "It is delivered by {org} in partnership with {partner} and {partner2}.",
            "The area has a mix of older terraced housing, newer estates and outlying villages.",
            "{place} has higher than average rates of long-term illness and economic inactivity.",
            "The local council provides the venue at a reduced rent.",
            "A steering group of partners meets every quarter to oversee the work.",
            "Several smaller community groups in {place} also promote the sessions.",
        ],
    },
    "purpose": {
        "purpose/isolation": [
            "The main aim was to reduce loneliness and social isolation among local people.",
            "We wanted to help people who rarely see anyone from one week to the next to build new connections.",
            "A core objective was to bring isolated residents together and give them a group to belong to.",
        ],
        "purpose/wellbeing": [
            "We set out to improve participants' mental wellbeing and mood.",
            "The project aimed to support people's mental health through {activity}.",
            "Our goal was better mental wellbeing for people living with stress, anxiety or low mood.",
        ],
        "purpose/confidence_skills": [
            "We aimed to build people's confidence and self-esteem.",
            "The project set out to help participants learn new skills and grow in confidence.",
            "Another aim was to develop practical and creative skills that people could use beyond the project.",
        ],
        "purpose/nature": [
            "We wanted people to spend more time outdoors and reconnect with nature.",
            "The project aimed to connect local people with the green spaces on their doorstep.",
        ],
        "purpose/physical_activity": [
            "A further aim was to help inactive people become more physically active at their own pace.",
            "We hoped to improve strength, balance and fitness through regular gentle activity.",
        ],
        "purpose/gp_demand": [
            "Local surgeries hoped the project would reduce repeat GP appointments for problems that are social rather than medical.",
            "We also aimed to ease pressure on primary care by offering a non-medical alternative.",
        ],
        "purpose/heritage": [
            "The project set out to celebrate the area's heritage and sense of local identity.",
            "We wanted to capture local history and memories in people's own words.",
        ],
        "": [
            "The objectives were agreed with partners at the start and reviewed each year.",
            "We also wanted to show commissioners what a community-led approach could achieve.",
            "The project aimed to offer something enjoyable first and foremost.",
        ],
    },
    "description": {
        "": [
            "Groups of up to {groupsize} people meet every {day} for {hours} hours.",
            "Each session starts with a welcome and a hot drink, then moves on to {activity}.",
            "{leader_cap} plans each session around the interests of the group.",
            "Nobody needs any experience, and all materials are provided.",
            "The programme runs in blocks of {weeks} weeks, and people can repeat a block if they wish.",
            "At the end of each block the group shares what it has made or learned with friends and family.",
            "New members are offered a short phone call before their first session.",
            "A support worker attends every session to help anyone who is finding things difficult.",
            "People can join through a referral or simply by turning up.",
            "Between sessions, members keep in touch through a group chat set up by the facilitator.",
            "Once a term the group visits another project or venue in the region.",
            "A celebration event at the end of the year brings all the groups together.",
        ],
    },
    "methodology": {
        "methodology/social_prescribing": [
            "The project follows the social prescribing model, in which a GP or link worker refers people to community activities.",
            "Our approach is based on social prescribing: health professionals refer patients with non-medical needs to the project.",
        ],
        "methodology/asset_based": [
            "We took an asset-based approach, starting from the skills and places the community already has.",
            "The design draws on asset-based community development, building on local strengths rather than needs.",
        ],
        "methodology/coproduction": [
            "The project was co-produced with participants, who shaped its content from the start.",
            "We used a co-production approach: a group of members co-designed the sessions with staff.",
        ],
        "methodology/five_ways": [
            "Sessions are planned around the Five Ways to Wellbeing: connect, be active, take notice, keep learning and give.",
            "We used the Five Ways to Wellbeing as a framework for planning each block.",
        ],
        "methodology/arts_evidence": [
            "The approach draws on the evidence in the Creative Health inquiry report and the WHO scoping review of the arts and health.",
            "There is a strong evidence base for participatory arts and wellbeing, summarised in the Creative Health report.",
        ],
        "methodology/pilot": [
            "The project builds on a successful pilot that ran in {place} two years earlier.",
            "Our model grew out of an earlier pilot, which showed there was demand for this kind of group.",
        ],
        "methodology/peer_support": [
            "The model is peer-led: experienced members support newcomers as peers rather than as helpers.",
            "Peer support is at the heart of the approach, with former participants acting as peer mentors.",
        ],
        "": [
            "We reviewed published evaluations of similar projects before starting.",
            "The approach was discussed with partners and adapted to local circumstances.",
        ],
    },
    "participants": {
        "participants/older_alone": [
            "Most participants were older people, many of them living alone.",
            "The majority were over 65, and around half lived on their own after losing a partner.",
        ],
        "participants/referrals": [
            "Around a third were referred by GPs or social prescribing link workers.",
            "Referrals came mainly from GP practices, link workers and community health teams.",
        ],
        "participants/volunteers": [
            "{n_vol} volunteers supported the sessions, several of whom started as participants.",
            "The project also involved {n_vol} trained volunteers and befrienders.",
        ],
        "participants/mental_health": [
            "Many participants were living with anxiety or depression.",
            "Most had experienced mental health problems such as low mood, anxiety or stress.",
        ],
        "participants/deprived": [
            "Most lived in neighbourhoods among the most deprived in England.",
            "Many participants were on low incomes or out of work.",
        ],
        "participants/carers": [
            "Family carers were welcome to attend with the person they care for.",
            "Several carers and family members also joined the sessions.",
        ],
        "participants/diverse": [
            "Participants came from diverse ethnic backgrounds, and between them spoke more than ten languages.",
            "Around half were from minority ethnic communities, including refugees and people seeking asylum.",
        ],
        "": [
            "In total {n} people took part, aged {age_lo} to {age_hi}.",
            "{pct}% of participants were women.",
            "Most people attended for at least six sessions.",
        ],
    },
    "data_collection": {
        "data_collection/wemwbs": [
            "Participants completed the Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS) at the start and at the end.",
            "We used the short WEMWBS before and after each block.",
        ],
        "data_collection/focus_groups": [
            "We ran focus groups with participants towards the end of each year.",
            "Two focus groups gathered participants' views on what had changed for them.",
        ],
        "data_collection/interviews": [
            "Staff carried out short interviews with participants and partners.",
            "We held one-to-one interviews with a sample of participants and referrers.",
        ],
        "data_collection/attendance": [
            "Attendance was recorded at every session.",
            "The facilitator kept attendance registers and brief session notes.",
        ],
        "data_collection/ons4": [
            "Participants answered the four ONS personal wellbeing questions (ONS4) when they joined and six months later.",
            "We used the ONS4 questions on life satisfaction, happiness, anxiety and worthwhile.",
        ],
        "data_collection/peer_researchers": [
            "Volunteers trained as peer researchers collected some of the data.",
            "Community members were trained as peer researchers and ran conversations with other participants.",
        ],
        "data_collection/university": [
            "An independent evaluation was carried out by a team from {university}.",
            "Researchers from {university} analysed the data and wrote the evaluation report.",
        ],
        "": [
            "Data was stored securely and anonymised before analysis.",
            "The project coordinator collated the information every quarter.",
        ],
    },
    "impact": {
        "impact/wellbeing_scores": [
            "Average wellbeing scores rose from {score_a} to {score_b} between the first and last sessions.",
            "Participants' WEMWBS scores improved by an average of {gain} points, a meaningful change.",
        ],
        "impact/friendships": [
            "{pct2}% said they felt less lonely, and many had made new friends through the group.",
            "Participants described new friendships and feeling less isolated, and several now meet outside the sessions.",
        ],
        "impact/confidence": [
            "Most participants reported feeling more confident.",
            "People spoke of growing confidence and self-esteem, and of trying things they would not have tried before.",
        ],
        "impact/skills": [
            "Participants learned new skills, and {n_skill} gained a certificate or qualification.",
            "Everyone who completed the programme had learned new practical skills.",
        ],
        "impact/nature": [
            "Participants said they felt calmer and more connected to nature.",
            "Many described noticing wildlife, seasons and green space again, and feeling closer to nature.",
        ],
        "impact/gp_visits": [
            "GP appointments fell by an average of {gp_drop}% in the six months after taking part.",
            "Participants visited their GP less often after the project than before.",
        ],
        "impact/sroi": [
            "A social return on investment (SROI) analysis estimated £{sroi} of social value for every £1 invested.",
            "The SROI study found a social value of £{sroi} per pound spent.",
        ],
        "impact/mobility": [
            "Many participants reported better mobility, balance and fitness.",
            "People said they felt fitter and steadier on their feet.",
        ],
        "": [
            "{n} people took part over the period of the grant.",
            "Partners said the project had raised the profile of community activity in {place}.",
            "The group produced a small exhibition of its work.",
        ],
    },
    "lived_experience": {
        "": [
            "People with lived experience sat on the steering group and helped to shape the programme.",
            "Former participants reviewed the session plans each year.",
            "Participants chose the name of the project.",
            "A members' forum meets every few months to suggest changes.",
            "Two participants helped to recruit and interview the facilitator.",
            "Feedback from members led to a change of day and time.",
        ],
    },
    "community_research": {
        "": [
            "Members helped to design the evaluation questions.",
            "Participants commented on the draft evaluation report before it was published.",
            "Community members presented the findings at a local event.",
            "This was not a major part of the project this time.",
            "Two participants helped to analyse the feedback with the evaluator.",
        ],
    },
    "enablers_barriers": {
        "enablers_barriers/volunteers": [
            "Committed volunteers were the main enabler; without them the sessions could not run.",
            "Our volunteers and befrienders made newcomers welcome and kept the project going.",
        ],
        "enablers_barriers/transport": [
            "Transport was a major barrier, as many villages have no regular bus service.",
            "Poor public transport in this rural area meant some people could not attend.",
        ],
        "enablers_barriers/funding": [
            "Short-term funding made it hard to plan ahead or keep staff.",
            "The project relied on year-by-year grants, which created constant uncertainty.",
        ],
        "enablers_barriers/partnerships": [
            "Strong partnerships with GPs, link workers and the local NHS trust gave us steady referrals.",
            "Close working with the primary care network and its social prescribers was a key enabler.",
        ],
        "enablers_barriers/venues": [
            "An accessible, welcoming venue close to where people live made a real difference.",
            "The venue was warm, step-free and familiar, which helped people feel at ease.",
        ],
        "enablers_barriers/staff": [
            "Limited staff capacity was a barrier, and staff turnover meant relationships had to be rebuilt.",
            "Our small team was stretched, and when a key member of staff left the project stalled.",
        ],
        "enablers_barriers/weather": [
            "Bad weather and dark winter evenings reduced attendance.",
            "Numbers dropped in the winter months, when the weather kept people at home.",
        ],
        "": [
            "Good publicity in the local paper helped recruitment.",
            "The pandemic interrupted delivery in the first year.",
        ],
    },
    "key_learning": {
        "key_learning/coproduction_time": [
            "Co-production takes time: it was months before members felt the project was theirs.",
            "Working in a co-produced way cannot be rushed, and trust has to come first.",
        ],
        "key_learning/drop_in": [
            "A flexible, drop-in format worked better than fixed courses.",
            "Letting people drop in when they can, without booking, brought in people who would never join a course.",
        ],
        "key_learning/evaluation": [
            "We should have agreed one consistent set of evaluation measures from the start.",
            "Keep evaluation simple and consistent, or the data cannot be compared.",
        ],
        "key_learning/referrers": [
            "Relationships with referrers need constant attention, not just at launch.",
            "Referrals dropped whenever we lost touch with GPs and link workers, so regular contact with referrers matters.",
        ],
        "key_learning/facilitators": [
            "Skilled facilitators who can adapt on the spot are the key ingredient.",
            "The quality of the artists and session leaders made all the difference.",
        ],
        "key_learning/food": [
            "The tea break is not an extra: it is where friendships form.",
            "Sharing food brought people in and kept them coming.",
        ],
        "": [
            "Celebrating achievements, however small, kept motivation high.",
            "It helped to have one named contact for participants.",
        ],
    },
    "next_steps": {
        "next_steps/funding": [
            "We are seeking longer-term funding to secure the project.",
            "We have applied for a three-year grant, as current funding ends next year.",
        ],
        "next_steps/volunteers": [
            "Volunteers will take on more of the running of the project so that it can continue.",
            "The group plans to become volunteer-led, with training and support for volunteer leaders.",
        ],
        "next_steps/nhs_pathways": [
            "We are talking to the integrated care board about embedding the project in NHS care pathways.",
            "The aim is for the project to be commissioned by the NHS as part of routine care.",
        ],
        "next_steps/expansion": [
            "We plan to expand to new sites in neighbouring towns.",
            "Next year the project will roll out to three more venues.",
        ],
        "next_steps/toolkit": [
            "We are writing a toolkit so other groups can run similar projects.",
            "We will offer training to other organisations that want to start a similar scheme.",
        ],
        "next_steps/enterprise": [
            "We are developing a social enterprise to generate income.",
            "Selling what the group makes will help cover running costs.",
        ],
        "": [
            "An evaluation report will be shared with partners in the spring.",
        ],
    },
    "further_information": {
        "": [
            "More information is on our website, www.{slug}.org.uk.",
            "The evaluation report is available at www.{slug}.org.uk/evaluation.",
            "Contact the project coordinator at info@{slug}.org.uk.",
        ],
    },
}

# Filler sentences that belong to no theme, for the unplaced extra sections.
EXTRA_SECTIONS: dict[str, list[str]] = {
    "Budget": [
        "The project cost about £{budget} a year, mostly staff time, materials and venue hire.",
        "Volunteer expenses and travel made up a small part of the budget.",
    ],
    "Acknowledgements": [
        "We thank everyone who took part, our volunteers and our funders.",
        "Special thanks to the staff at the {venue} for their support.",
    ],
    "Timeline": [
        "The project was planned in {year} and delivered over the following {years} years.",
    ],
    "Glossary": [
        "WEMWBS stands for the Warwick-Edinburgh Mental Wellbeing Scale.",
        "SROI stands for social return on investment.",
    ],
}

KINDS: list[dict[str, str]] = [
    {
        "kind": "community choir",
        "activity": "group singing",
        "leader": "a professional choir leader",
        "venue": "community centre",
        "noun": "Voices",
    },
    {
        "kind": "community garden",
        "activity": "growing food together",
        "leader": "a part-time grower",
        "venue": "allotment site",
        "noun": "Roots",
    },
    {
        "kind": "walking group",
        "activity": "short health walks",
        "leader": "trained walk leaders",
        "venue": "village hall",
        "noun": "Strides",
    },
    {
        "kind": "arts on prescription programme",
        "activity": "painting and printmaking",
        "leader": "professional artists",
        "venue": "arts studio",
        "noun": "Colours",
    },
    {
        "kind": "men's shed",
        "activity": "woodwork and repairs",
        "leader": "experienced members",
        "venue": "workshop",
        "noun": "Shed",
    },
    {
        "kind": "shared reading group",
        "activity": "reading stories and poems aloud",
        "leader": "volunteer readers",
        "venue": "library",
        "noun": "Pages",
    },
    {
        "kind": "dance programme for older people",
        "activity": "seated and standing dance",
        "leader": "dance artists",
        "venue": "church hall",
        "noun": "Steps",
    },
    {
        "kind": "creative writing group",
        "activity": "creative writing",
        "leader": "published writers",
        "venue": "recovery college",
        "noun": "Words",
    },
    {
        "kind": "reminiscence project",
        "activity": "sharing memories with archive photographs",
        "leader": "a trained facilitator",
        "venue": "library",
        "noun": "Memories",
    },
    {
        "kind": "photography project for young people",
        "activity": "photography and storytelling",
        "leader": "youth workers and photographers",
        "venue": "youth centre",
        "noun": "Lens",
    },
    {
        "kind": "heritage volunteering programme",
        "activity": "caring for museum collections",
        "leader": "museum staff",
        "venue": "museum",
        "noun": "Heritage",
    },
    {
        "kind": "green prescribing programme",
        "activity": "conservation work and nature walks",
        "leader": "rangers",
        "venue": "community woodland",
        "noun": "Green",
    },
]

ADJECTIVES = [
    "Open",
    "Bright",
    "Hillside",
    "Riverside",
    "Northern",
    "Common",
    "Together",
    "Rising",
    "Harbour",
    "Valley",
    "Moorland",
    "Little",
    "Golden",
    "Second",
    "Steady",
    "Kindred",
    "Willow",
    "Oak",
    "Meadow",
    "Coastal",
    "Shared",
    "Quiet",
    "Lively",
    "Evergreen",
    "Canal",
    "Market",
    "Old Town",
    "Westside",
    "Eastfield",
    "Brookside",
]

PLACES: list[tuple[str, str]] = [
    ("Barrow-in-Furness", "Cumbria"),
    ("Penrith", "Cumbria"),
    ("Hexham", "Northumberland"),
    ("Gateshead", "Tyne and Wear"),
    ("Darlington", "County Durham"),
    ("Scarborough", "North Yorkshire"),
    ("Halifax", "West Yorkshire"),
    ("Barnsley", "South Yorkshire"),
    ("Grimsby", "Lincolnshire"),
    ("Boston", "Lincolnshire"),
    ("Wigan", "Greater Manchester"),
    ("Oldham", "Greater Manchester"),
    ("St Helens", "Merseyside"),
    ("Birkenhead", "Merseyside"),
    ("Blackpool", "Lancashire"),
    ("Burnley", "Lancashire"),
    ("Stoke-on-Trent", "Staffordshire"),
    ("Telford", "Shropshire"),
    ("Hereford", "Herefordshire"),
    ("Kidderminster", "Worcestershire"),
    ("Mansfield", "Nottinghamshire"),
    ("Chesterfield", "Derbyshire"),
    ("Loughborough", "Leicestershire"),
    ("Corby", "Northamptonshire"),
    ("Great Yarmouth", "Norfolk"),
    ("Lowestoft", "Suffolk"),
    ("Clacton-on-Sea", "Essex"),
    ("Luton", "Bedfordshire"),
    ("Swindon", "Wiltshire"),
    ("Taunton", "Somerset"),
    ("Barnstaple", "Devon"),
    ("Camborne", "Cornwall"),
    ("Hastings", "East Sussex"),
    ("Margate", "Kent"),
    ("Slough", "Berkshire"),
    ("Gloucester", "Gloucestershire"),
    ("Wrexham", "North Wales"),
    ("Merthyr Tydfil", "South Wales"),
    ("Dumfries", "Dumfries and Galloway"),
    ("Newry", "County Down"),
]

ORG_SUFFIXES = ["Community Trust", "Arts", "Wellbeing Partnership", "Community Association", "CIC", "Charitable Trust"]
PARTNERS = [
    "the local primary care network",
    "the borough council",
    "Age UK",
    "the NHS mental health trust",
    "the public health team",
    "a housing association",
    "the library service",
    "the integrated care board",
    "a local school",
    "the carers' centre",
    "the council for voluntary service",
    "a local university",
]
UNIVERSITIES = [
    "the University of Cumbria",
    "Leeds Beckett University",
    "the University of Salford",
    "Edge Hill University",
    "the University of Plymouth",
    "Staffordshire University",
    "the University of Lincoln",
    "Teesside University",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

# General themes (step 3): motifs that tie themes of several headings together. A generated form
# picks a few motifs and carries all their member themes, so general themes exist at scale.
GENERAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "volunteering": (
        "Volunteering",
        ("participants/volunteers", "enablers_barriers/volunteers", "next_steps/volunteers"),
    ),
    "funding": ("Funding and sustainability", ("enablers_barriers/funding", "next_steps/funding")),
    "isolation": ("Social isolation and connection", ("purpose/isolation", "impact/friendships")),
    "health_partnership": (
        "Partnership with health services",
        (
            "participants/referrals",
            "methodology/social_prescribing",
            "enablers_barriers/partnerships",
            "key_learning/referrers",
            "next_steps/nhs_pathways",
        ),
    ),
    "wellbeing": ("Mental wellbeing", ("purpose/wellbeing", "data_collection/wemwbs", "impact/wellbeing_scores")),
    "nature": ("Nature and the outdoors", ("purpose/nature", "impact/nature", "enablers_barriers/weather")),
    "confidence": ("Confidence and skills", ("purpose/confidence_skills", "impact/confidence", "impact/skills")),
    "coproduction": (
        "Co-production",
        ("methodology/coproduction", "key_learning/coproduction_time", "data_collection/peer_researchers"),
    ),
    "evaluation": ("Evaluation and evidence", ("data_collection/university", "key_learning/evaluation", "impact/sroi")),
    "physical": ("Physical activity", ("purpose/physical_activity", "impact/mobility")),
    "gp_demand": ("Reducing demand on health services", ("purpose/gp_demand", "impact/gp_visits")),
}
