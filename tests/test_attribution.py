"""Who puts each figure forward: quotes, indirect speech, nested sources, disputes, pronouns."""
import pytest

import claimledger
from extracting import claim_with


def only(text, **kwargs):
    claims = claimledger.extract(text, published="2024-03-14", **kwargs)
    assert len(claims) == 1, [c.text for c in claims]
    return claims[0]


def test_attribution_after_a_quote_with_title_stripped():
    text = ('Health Minister Dr. Amina Yusuf visited the camp.\n\n'
            '"At least 400 people have died," Yusuf said.')
    claim = only(text)
    assert claim.speaker == "Amina Yusuf" and claim.speaker_kind == "person" and claim.cue == "said"
    assert claim.measure == "killed" and claim.low == 400


def test_attribution_before_a_quote_and_carried_to_the_next_paragraph():
    text = ('General Oleh Marchenko said: "We have lost ground.\n\n'
            '"Another 1,200 soldiers were wounded this week."')
    claim = only(text)
    assert claim.speaker == "Oleh Marchenko"
    assert claim.measure == "wounded"


def test_indirect_speech_and_according_to():
    assert only("Police said 3,000 people joined the march.").speaker == "Police"
    claim = only("About 15,000 people marched, according to the organisers.")
    assert claim.speaker == "organisers" and claim.speaker_kind == "anonymous" and claim.approx


def test_nested_attribution_gives_speaker_and_via():
    claim = only("The Kyiv Post cited military officials claiming 900 Russian soldiers died.")
    assert claim.speaker == "military officials" and claim.via == "Kyiv Post"
    assert claim.group == "Russia" and claim.measure == "killed"


def test_dispute_inside_a_quote():
    text = '"Not 5,000, as the rebels claim," General Ali Musa said.'
    claim = only(text)
    assert claim.speaker == "rebels" and claim.disputed_by == "Ali Musa"


def test_pronoun_resolves_to_the_nearest_fitting_speaker():
    text = ("Foreign Minister Karin Holm arrived on Monday. "
            "She said 250 families had been evacuated.")
    claim = only(text)
    assert claim.speaker == "Karin Holm"


def test_document_voice_has_no_speaker():
    claim = only("The floods destroyed 4,000 homes.")
    assert claim.speaker is None and claim.speaker_kind == "document" and claim.cue is None


def test_projection():
    claim = only("The toll could reach 10,000, the agency warned.")
    assert claim.projected and claim.speaker == "agency"


def test_outlet_citing_a_source_gives_via():
    claim = only("The Northern Courier, citing Western intelligence officials, reported on Tuesday "
                 "that 800 Russian soldiers were killed.")
    assert claim.speaker == "Western intelligence officials" and claim.via == "Northern Courier"


def test_a_rejection_without_a_number_reaches_the_figure_before():
    claims = claimledger.extract("Israel says it has killed 17,000 militants. Hamas disputes the figure.",
                                 published="2024-03-14")
    assert [(c.speaker, c.disputed_by) for c in claims] == [("Israel", "Hamas")]


def test_a_new_paragraph_opening_with_a_quote_goes_on_with_the_last_speaker():
    text = ('Governor Amal Haddad visited the shelters. "We counted 12,000 people," she said.\n\n'
            '"We have lost 300 homes in one district alone.')
    claims = claimledger.extract(text, published="2024-04-16")
    assert [c.speaker for c in claims] == ["Amal Haddad", "Amal Haddad"]


def test_report_by_its_author_and_trailing_attribution_with_title():
    claim = only("The group has 20,000 fighters, according to a report published last month "
                 "by the Khartoum Monitoring Group.")
    assert claim.speaker == "Khartoum Monitoring Group"
    claim = only("Two officers suffered minor injuries, said Sgt. Kevin Allred, a bureau spokesperson.")
    assert claim.speaker == "Kevin Allred" and claim.measure == "wounded"


@pytest.mark.parametrize("sentence, projected", [
    ("The war would take 3,600 casualties per day, the study projected.", True),
    ("The agency said cases could reach 25,000 by the end of March.", True),
    ("Officials expect the death toll to rise above 1,000.", True),
    ("Our goal is 300,000 soldiers by 2035.", True),
    ("The repairs will cost $2 billion, engineers said.", True),
    # plans and intentions have not happened when stated (CLAIMS.md, "Decisions")
    ("The council will cut 600 jobs, the finance chief said.", True),
    ("Britain said it would provide £8m in aid.", True),
    ("The council approved a $4.2 billion budget for next year.", False),  # a decision taken
    ("The storm killed 40 people on Monday.", False),
])
def test_forecasts_and_plans(sentence, projected):
    assert claimledger.extract(sentence, published="2024-03-14")[0].projected is projected


def test_goods_handed_over_or_asked_for_are_aid_but_rain_is_not():
    assert only("UNICEF said it had shipped 200,000 doses of measles vaccine.").measure == "aid"
    assert only("Kyiv has asked allies for at least three more Patriot batteries.").measure == "aid"
    claim = only("The weather service said some areas had received up to 150 millimetres of rain.")
    assert claim.measure != "aid"


def test_a_bare_figure_said_again_takes_the_unit_of_the_range_it_repeats():
    text = ("The regional government said between 600,000 and 800,000 civilians had died. "
            '"Not 600,000, as the regional leaders claim," the federal spokesman said.')
    first, again = claimledger.extract(text, published="2024-03-14")
    assert again.unit == first.unit == "people" and again.measure == first.measure == "killed"


def test_plans_and_aims_are_projections_held_at_their_target():
    plan = only("Russia plans to spend 13.5 trillion roubles on defence next year.")
    assert plan.projected is True and plan.as_of == "2025"  # CLAIMS.md: plans are projected
    aim = only("The ministry aims to vaccinate 150,000 children by the end of June.")
    assert aim.projected is True


def test_the_statement_speaks_for_whoever_issued_it():
    text = ("The Ministry of Defence said on Thursday in a statement that recruiting was up. "
            "The figure excludes members of the Territorial Defence Forces.\n\n"
            "According to the statement, the army recruited 28,600 people in the first half of the year.")
    assert only(text).speaker == "Ministry of Defence"


def test_the_subject_of_a_verb_is_never_inside_the_quote_before_it():
    text = '"Tonight this country chose hope," Ríos, 44, told thousands of supporters in Santiago.'
    assert only(text).speaker == "Ríos"


def test_a_passive_subject_is_no_source():
    claim = only("A capsized trawler was found off Kuakata and its crew of 11 rescued by the navy.")
    assert claim.speaker is None


def test_the_statement_said_speaks_for_the_body_that_issued_it():
    text = ("At least 23 soldiers were killed in the ambush, the army said in a statement late on Monday. "
            "The statement said troops had killed 47 attackers.")
    claims = claimledger.extract(text, published="2024-03-14")
    assert [c.speaker for c in claims] == ["army", "army"]


def test_reported_speech_does_not_run_on_into_a_sentence_about_another_year():
    text = "Polls put the governing party at around 30%. Turnout in 2019 was 64.9%."
    first, background = claimledger.extract(text, published="2024-08-30")
    assert first.speaker == "polls" and background.speaker is None


@pytest.mark.parametrize("sentence, unit, measure", [
    ("The death toll from the earthquake in the central highlands rose to 1,240 on Tuesday.", "people", "killed"),
    ("Russia was losing an estimated 800 to 1,000 soldiers a day.", "people", "casualties"),
    ("The failed push cost 1,200 troops.", "people", "casualties"),
    ("The ministry said 168 soldiers had been returned.", "people", "captured"),
    ("Fewer than 20,000 people had left the country.", "people", "displaced"),
])
def test_measure_from_the_verb_and_the_head_of_the_subject(sentence, unit, measure):
    claim = only(sentence)
    assert (claim.unit, claim.measure) == (unit, measure)


def test_a_captor_is_not_the_group_of_the_captives():
    text = ("The headquarters said 3,210 Ukrainians had been freed in exchanges. "
            "At least 6,000 service members remain in Russian captivity, according to the headquarters.")
    freed, held = claimledger.extract(text, published="2024-06-12")
    assert freed.group == held.group == "Ukraine"


def test_a_headline_counts_the_people_its_story_counts():
    text = ("Push near Kharkiv leaves at least 14 civilians dead\n\n"
            "Glide bombs killed at least 14 Ukrainian civilians on Monday, the governor said.")
    headline, body = claimledger.extract(text, published="2024-05-20")
    assert body.group == "Ukraine" and headline.group == "Ukraine"


def test_a_rejected_estimate_is_the_other_sides_figure_before_it():
    text = ("The government delegation put the crowd at 48,000. Organisers from the Tenants' Union said "
            "more than 300,000 people had taken part and rejected the official estimate.")
    official, own = claimledger.extract(text, published="2024-03-14")
    assert official.disputed_by == own.speaker == "Tenants' Union" and own.disputed_by is None


def test_calling_the_figure_a_joke_disputes_it():
    text = ("Police estimated the crowd at around 3,500 at its peak. Organisers put the number at "
            'more than 12,000 and called the police figure "a joke."')
    police, organisers = claimledger.extract(text, published="2024-03-14")
    assert police.disputed_by == "Organisers" and organisers.disputed_by is None


def test_a_dispute_of_one_end_reaches_the_first_mention():
    text = ("At least 1,860 people have been killed, the health ministry said. "
            '"Not 1,860, as the ministries claim," the rebel spokesman Hamid Yaqoub said.')
    first, again = claimledger.extract(text, published="2024-03-14")
    assert first.disputed_by == again.disputed_by == "Hamid Yaqoub"


@pytest.mark.parametrize("sentence, speaker, kind", [
    ("Italy's coast guard said its boats had pulled 23 survivors from the water.", "coast guard", "organization"),
    ("A poll by the Belgrade agency Faktor found that 41 percent of voters back the protesters.", "Faktor",
     "organization"),
    ("The charity Sea Lantern said 30 people were still missing.", "Sea Lantern", "organization"),
])
def test_a_body_named_after_its_kind_or_its_country(sentence, speaker, kind):
    claim = only(sentence)
    assert (claim.speaker, claim.speaker_kind) == (speaker, kind)


def test_a_report_obtained_by_an_outlet_speaks_through_it():
    claim = only("The strike killed 86 civilians, according to an internal military report obtained by the "
                 "Abuja Examiner.")
    assert claim.speaker == "military report" and claim.via == "Abuja Examiner"


def test_a_verb_that_took_its_own_figure_is_no_via():
    text = "World Bank puts damage at $8.4bn, Beirut says $17bn"
    bank, beirut = claimledger.extract(text, published="2024-12-04")
    assert bank.speaker == "World Bank" and beirut.via is None


def test_a_coordinated_dismissal_and_a_trailing_told_with_a_named_outlet():
    text = ("The coalition said on Sunday that 105,000 people had taken part.\n\n"
            "Interior Minister Dragan Lukić put the crowd at 14,500 at its peak and dismissed the coalition's "
            "figure of 105,000. Police detained 43 people, he told the state broadcaster RTS on Sunday evening.")
    first, police, again, detained = claimledger.extract(text, published="2024-03-04")
    assert first.disputed_by == again.disputed_by == "Dragan Lukić"
    assert detained.speaker == "Dragan Lukić"


@pytest.mark.parametrize("sentence, measure", [
    ("The ministry said four civilians, including a 12-year-old girl, had been killed in the strikes.", "killed"),
    ("Residents said they had buried 93 people in a mass grave.", "killed"),
    ("Some 250,000 residents were told to evacuate.", "displaced"),
    ("Fighting has pushed more than 620,000 people across the border since April.", "displaced"),
])
def test_measure_past_an_aside_and_from_burial_and_flight(sentence, measure):
    assert only(sentence).measure == measure


@pytest.mark.parametrize("sentence, measure", [
    ("One protester, a nurse who gave her name only as Marta, said she paid €900 for a room.", "cost"),
    ("The chief minister announced compensation of 1 million rupees for each family.", "aid"),
    ("The United States gave $5bn, Germany €2bn and Britain £1bn in military aid.", "aid"),
])
def test_money_is_aid_by_the_words_of_its_own_clause(sentence, measure):
    assert claimledger.extract(sentence, published="2024-03-14")[0].measure == measure


@pytest.mark.parametrize("sentence, projected", [
    # conditional commitments and plans are projected (CLAIMS.md, "Decisions")
    ("He said the province would spend 2.5 billion rupees to survey some 4,000 buildings.", True),
    ("Under the deal the rebels would free 19 hostages.", True),
    ("He said 1.2 million displaced people could not go home.", False),
    ("The report estimates that 7.1 million people, or 56 percent of the population, will face hunger.", True),
    ("The agency said it would cut rations to 60 percent from January unless donors stepped in.", True),
    ("The flood may have killed as many as 900 people, researchers said.", False),  # an estimate of the past
    ('"We lost power before we could operate," she said, adding that 26 patients were moved.', False),
    ("The storm left 79 people dead and hundreds missing in what may prove the worst disaster in years.", False),
    ("Only 61,500 doses had been given by the end of February, officials said.", False),
    ("More than 700 people were injured between 10 May and 30 June.", False),  # "May" the month is no modal
    ("The agency would have to cut rations for 1.4 million people unless money arrived.", True),
])
def test_commitments_are_projected_and_inabilities_and_past_estimates_are_not(sentence, projected):
    assert claimledger.extract(sentence, published="2024-03-14")[-1].projected is projected


def test_a_coordinated_clause_with_its_own_subject_keeps_the_trailing_source():
    text = ("About 300 relatives marched to the palace on Monday, and a petition has gathered 112,000 "
            "signatures, its organisers said.")
    marched, petition = claimledger.extract(text, published="2024-02-15")
    assert marched.speaker is None and petition.speaker == "organisers"


def test_one_of_them_is_the_plural_source_before():
    text = ("Two military officials, who spoke on condition of anonymity, said the board had recommended "
            "compensation of 5 million naira for each family. One of them said at least 120 people had been wounded.")
    compensation, wounded = claimledger.extract(text, published="2024-03-14")
    assert compensation.speaker == wounded.speaker == "Two military officials"


def test_a_body_named_x_of_y_is_an_organisation():
    text = ("The Archive of Public Gatherings, a group of independent researchers, estimated the peak crowd "
            "at between 52,000 and 58,000 people.")
    claim = only(text)
    assert claim.speaker == "Archive of Public Gatherings" and claim.speaker_kind == "organization"


def test_a_transcript_turn_speaks_its_figures_and_passes_on_what_it_cites():
    text = ("Heat deaths in Seville: a radio interview\n\n"
            "PRESENTER (Luis Ortega): The regional health ministry says 38 people died of heat stroke this week.\n\n"
            "ANA TORRES: No. Not 38. Our hospitals alone counted 52 deaths since Monday.\n\n"
            "Update: The ministry said on Friday that 41 people had died.")
    cited, denied, own, update = claimledger.extract(text, published="2024-07-25")
    assert (cited.speaker, cited.via) == ("health ministry", "Luis Ortega")
    assert (denied.speaker, denied.disputed_by) == ("health ministry", "Ana Torres")
    assert cited.disputed_by == "Ana Torres"
    assert own.speaker == "Ana Torres" and update.speaker == "ministry" and update.via is None


@pytest.mark.parametrize("text, measures", [
    ("The Public Defender's office said at least 11 protesters had been injured, as had three journalists.",
     ["wounded", "wounded"]),
    ("Three civilians were killed and 11 received wounds of varying severity, among them two children.",
     ["killed", "wounded", "wounded"]),
    ('"The package will include interceptors for Patriot batteries, 18 howitzers and around 50 armoured '
     'vehicles," the spokeswoman said.', ["aid", "aid"]),
    ("U.S. officials put Russian dead and wounded at 350,000. Russia last disclosed its own military death toll "
     "in September 2022, when the Defence Ministry put it at 5,940.", ["casualties", "killed"]),
])
def test_measure_from_ellipsis_subsets_packages_and_what_it_is(text, measures):
    assert [c.measure for c in claimledger.extract(text, published="2024-06-12")] == measures


def test_calling_the_report_fiction_disputes_its_figure():
    text = ("The Chronicle reported that intelligence agencies put deaths among the troops at 100,000 or more. "
            'Eritrea\'s information ministry called the report "fiction".')
    assert only(text).disputed_by.endswith("ministry")


def test_a_persons_possessive_is_their_claim_only_as_a_figure_or_a_role():
    votes = claimledger.extract("Ríos had 6.1 million votes to Aguirre's 5.2 million, the Electoral Service said.",
                                published="2024-07-08")
    assert [c.speaker for c in votes] == ["Electoral Service", "Electoral Service"]
    text = ("Governor Oleksandr Horbenko said 11,000 people had fled. A spokeswoman said the gap with the "
            "governor's 11,000 was explained by families who left by car.")
    assert claimledger.extract(text, published="2024-05-21")[-1].speaker == "Oleksandr Horbenko"


@pytest.mark.parametrize("text, speakers", [
    ("Organizers with the Housing Now Coalition put the number at more than 12,000.", ["Housing Now Coalition"]),
    ("Officials in West Bengal said 40 people died.", ["Officials"]),
    ("OUR RATING: The figure is about 70% higher than the amount Congress approved.", [None]),
])
def test_members_speak_for_their_body_and_a_heading_is_no_speaker(text, speakers):
    assert [c.speaker for c in claimledger.extract(text, published="2024-01-01")] == speakers


@pytest.mark.parametrize("text, field, expected", [
    # "a charge Kigali denies": the denier named between the noun and its verb
    ("Experts said between 3,000 and 4,000 Rwandan troops were fighting alongside the rebels, "
     "a charge Kigali denies.", "disputed_by", "Kigali"),
    # an official named by office is a person a pronoun can point to
    ("Sindh's chief minister announced compensation for the families. "
     "He said the province would spend 2.5 billion rupees on surveys.", "speaker", "chief minister"),
    # a dateline names nobody; "said Yusuf" is a referent
    ("LAMPEDUSA, Italy — The boat had been at sea for two nights, said Yusuf, 17, a Sudanese teenager.\n\n"
     '"We were maybe 70 people, packed so tight you could not sit," he said.', "speaker", "Yusuf"),
])
def test_who_one_claim_names(text, field, expected):
    assert getattr(only(text), field) == expected


@pytest.mark.parametrize("sentence, measure", [
    ("Aid groups said at least 28,000 homes had been destroyed.", "count"),  # the speaker says nothing of the homes
    ("Mediazona has identified 95,000 soldiers who died.", "killed"),
])
def test_measure_not_from_the_speaker_and_from_a_relative_clause(sentence, measure):
    assert only(sentence).measure == measure


def test_a_demonym_inside_an_institutions_name_is_no_group():
    claim = only("The U.S. Geological Survey estimated that 10,000 people could die in the quake in Myanmar.")
    assert claim.group == "Myanmar"


def test_as_high_as_is_a_comparison_not_a_clause_of_time():
    assert only("The survey estimated that losses could be as high as $300 billion.").projected


def test_a_part_of_the_figure_before_takes_its_measure_across_a_long_clause():
    text = ("Airstrikes killed at least 45 people across the Gaza Strip overnight and on Saturday, "
            "including 12 children, the ministry said.")
    assert [c.measure for c in claimledger.extract(text, published="2024-03-14")] == ["killed", "killed"]


def test_its_soldiers_are_the_speakers_people_and_struck_targets_are_no_aim():
    text = ("The Israeli military said it had struck more than 100 targets in the past 48 hours "
            "and that two of its soldiers were killed in southern Gaza on Friday.")
    claims = claimledger.extract(text, published="2024-03-14")
    assert [c.projected for c in claims] == [False, False]
    assert claims[1].group == "Israel"


@pytest.mark.parametrize("sentence, speaker", [
    ("Inflation reached 4.6% in February, the National Bank of Serbia said.", "National Bank of Serbia"),
    ("The government will spend 12 billion dinars on wages, Finance Minister Sinisa Mali told parliament.",
     "Sinisa Mali"),  # a surname that is also a country's name
    ("A poll published on Friday by the Ipsos agency showed that 61 per cent backed the strike.", "Ipsos"),
])
def test_names_that_hold_a_country_and_the_maker_of_a_poll(sentence, speaker):
    assert only(sentence).speaker == speaker


def test_taken_to_hospital_is_wounded_and_put_the_number_at_is_no_present_tense():
    text = ("Vucic said on Saturday that 22 people had been taken to hospital. "
            "The ministry put the number of marchers at 107,000.")
    claims = claimledger.extract(text, published="2024-03-14")
    assert claims[0].measure == "wounded"
    assert claims[1].as_of == "2024-03-09"  # the day of the sentence before, not publication


def test_confirmed_dead_is_a_status_not_a_source_speaking():
    claims = claimledger.extract("The sinking left 79 people confirmed dead and hundreds missing.", published="2024-03-14")
    assert [c.speaker for c in claims] == [None, None]


@pytest.mark.parametrize("sentence, speaker", [
    ("But the King's Fund said 59% were seen within 18 weeks.", "King's Fund"),
    ("One in three tankers had no insurance, according to Danish maritime authority data.",
     "Danish maritime authority data"),
    ("Performance improved to 75.1% in September, according to the data.", None),
])
def test_a_leading_conjunction_and_data_as_a_source(sentence, speaker):
    assert claimledger.extract(sentence, published="2024-03-14")[0].speaker == speaker


def test_a_headline_figure_takes_the_unit_of_the_same_figure_in_the_story():
    text = "Waiting list falls but 6.2 million still wait\n\nAbout 6.2 million patients are waiting, officials said."
    assert claimledger.extract(text, published="2024-03-14")[0].unit == "people"


def test_a_relative_clause_before_has_recorded_leaves_the_subject():
    text = "The Conflict Data Project, which tracks political violence, has recorded about 28,700 deaths."
    assert only(text).speaker == "Conflict Data Project"


def test_saying_the_figures_were_inflated_disputes_the_figures_before():
    text = "The army said 2,000 fighters were killed. The rebels said the figures were inflated."
    assert only(text).disputed_by == "rebels"


def test_a_study_speaks_for_the_body_that_made_it():
    text = ("The war may have killed 150,000 people, according to a study by researchers at the Oslo School of "
            "Public Health published on Wednesday. The study, which used surveys, estimated that 61,000 people died "
            "in the capital.")
    claims = claimledger.extract(text, published="2024-11-14")
    assert [c.speaker for c in claims] == ["Oslo School of Public Health"] * 2


def test_a_us_state_is_the_united_states_and_company_names_keep_their_owner():
    text = ("Hurricane Delia has killed at least 34 people in Florida, state officials said. "
            "Moody's Analytics estimated insured losses at $28 billion. "
            "The Florida Division of Emergency Management said 5.5 million people had been told to leave.")
    claims = claimledger.extract(text, published="2024-10-11")
    assert claims[0].group == "United States"
    assert [c.speaker for c in claims[1:]] == ["Moody's Analytics", "Florida Division of Emergency Management"]


def test_one_of_the_officials_is_the_officials_heard_before_and_people_familiar_are_as_written():
    text = ("Russia has suffered 700,000 casualties, two Western officials said on Tuesday. "
            "Russia will lose another 150,000 men by March, one of the officials said. "
            "People familiar with the assessments said Ukraine's losses were about 80,000 dead, "
            "figures that Kyiv called exaggerated.")
    claims = claimledger.extract(text, published="2024-12-04")
    assert [c.speaker for c in claims] == ["two Western officials", "two Western officials",
                                           "People familiar with the assessments"]
    assert claims[2].disputed_by == "Kyiv"


def test_people_confirmed_dead_are_counted_not_sources():
    claims = claimledger.extract("The president told radio that nine people were confirmed dead.", published="2024-03-14")
    assert [(c.value, c.measure) for c in claims] == [(9, "killed")]


@pytest.mark.parametrize("text, speaker", [
    ("A council spokesman named Ada Obi joined.\n\nMINISTER OBI: We harvested 9.2 million tonnes.", "Ada Obi"),
    ("Dr Farida Malik, president of the Association of Estates Directors, said the backlog was £13.8 billion.",
     "Farida Malik"),
    ("Tom Reddy, finance director of the Vale Trust, told the hearing that the trust spent £1.2 million a month.",
     "Tom Reddy"),
    ("The gloom was deepened by Norrsken Fordon, the Gothenburg-based maker of buses, which said it would cut "
     "1,800 jobs.", "Norrsken Fordon"),
    ("Vale's latest accounts show revenue of £96.4 million in 2023.", "Vale"),
    ("Dr Martin Aldous was sceptical. He also pointed out that 2,480 participants dropped out.", "Martin Aldous"),
    ("The provincial statistics office now registers 586 residents.", "provincial statistics office"),
])
def test_speakers_of_transcripts_appositions_and_more_verbs(text, speaker):
    claims = claimledger.extract(text, published="2024-03-14")
    assert claims[0].speaker == speaker


def test_a_measure_word_inside_a_name_says_nothing():
    claim = only("Lanternfield Relief said it had reached 12,500 families in the south.")
    assert claim.measure == "count"


def test_a_people_named_right_after_the_figure_is_its_group():
    text = "The group identified 8,212 Ethiopian soldiers killed, each of them by name, as well as 1,046 Eritreans."
    assert [c.group for c in claimledger.extract(text, published="2024-03-14")] == ["Ethiopia", "Eritrea"]


@pytest.mark.parametrize("text, group", [
    ("The army said it had killed 23 fighters of the Tamsin Liberation Front near the border.",
     "Tamsin Liberation Front"),
    ("The Tamsin Liberation Front, which officials say has about 1,400 fighters, rejected the offer.",
     "Tamsin Liberation Front"),
    ("The Orvan Relief Mission has some 10,000 peacekeepers in the south.", "Orvan Relief Mission"),
    ("Shelling killed 40 residents of Kyiv overnight, the mayor said.", "Ukraine"),
    ("His own unit, he said, had lost 12 of its 80 soldiers.", None),  # a pronoun owns nothing by itself
])
def test_whose_people_by_the_structure_of_their_noun_phrase(text, group):
    """The possessor or "of" phrase of the counted people, or the subject that holds them."""
    assert claimledger.extract(text, published="2024-03-14")[0].group == group


def test_a_level_after_a_change_and_an_estimate_published_by_researchers():
    text = ("Sea arrivals are up 31 percent on last year, to 27,600, according to the ministry. "
            "The heatwave may have killed as many as 1,900 people, according to an estimate published on Tuesday "
            "by independent researchers. Some 9,000 people have fled, according to the UN, adding to about "
            "41,000 people displaced last week.")
    claims = claimledger.extract(text, published="2025-06-12")
    assert (claims[1].unit, claims[1].measure) == ("people", "count")
    assert claims[2].speaker == "independent researchers"
    assert claims[4].speaker != "people"


def test_on_course_to_pass_is_a_lower_bound():
    assert only("Deaths were on course to pass 20,000 by April.").low == 20000


def test_a_countrys_count_belongs_to_the_source_at_the_end_of_the_sentence():
    text = ("Brazil has recorded 1,116 deaths from dengue this year, and a further 1,580 deaths are under "
            "investigation, the Health Ministry said.")
    assert claimledger.extract(text, published="2024-04-10")[0].speaker == "Health Ministry"


def test_a_dateline_before_a_dash_lends_no_name():
    text = "Beirut says damage is $17bn\n\nBEIRUT — Damage in Lebanon amounts to $8.4 billion, the bank said."
    assert claimledger.extract(text, published="2024-12-01")[0].speaker == "Beirut"


@pytest.mark.parametrize("text, disputer", [
    ("An earlier entry said 12 people had died in the town. The prefecture says that figure is wrong.", "prefecture"),
    ("Minister Ada Okafor joined us.\n\nMINISTER OKAFOR: The Alliance says fewer than 200,000 farmers got "
     "fertiliser. That is simply not true.", "Ada Okafor"),  # the turn's speaker rejects it
])
def test_saying_that_figure_is_wrong_disputes_it(text, disputer):
    assert claimledger.extract(text, published="2024-06-18")[0].disputed_by == disputer


@pytest.mark.parametrize("text, speaker", [
    ("An earlier entry said 12 people had died in the town, citing a fire brigade official.", "fire brigade official"),
    ("The spokeswoman dismissed the organisers' figure of 250,000 as fantasy and said, citing police, that fewer "
     "than 40,000 people had marched.", "organisers"),
])
def test_citing_after_the_figure_names_the_source_of_its_own_clause(text, speaker):
    assert claimledger.extract(text, published="2024-06-18")[0].speaker == speaker


def test_a_figure_said_back_as_a_question_or_as_impossible_is_disputed():
    text = ("Rescuers said 14 people were missing.\n\n"
            'A neighbour, Saima Baloch, disputed the count. "Fourteen? In our lane alone there are 20," she said.\n\n'
            "Survivors said 600 people were aboard. Minister Giorgos Lambrou disagreed. "
            '"A boat of that size cannot carry 600 people," he said.')
    claims = claimledger.extract(text, published="2024-06-12")
    assert [(c.value, c.speaker.lower(), c.disputed_by) for c in claims if c.value in (14, 600)] == [
        (14, "rescuers", "Saima Baloch"), (14, "rescuers", "Saima Baloch"),
        (600, "survivors", "Giorgos Lambrou"), (600, "survivors", "Giorgos Lambrou")]


def test_a_sentence_about_other_things_does_not_lean_on_the_figure_before():
    text = "The attacks killed 188 people. Cholera cases reached 11,327 in 12 states."
    assert claimledger.extract(text, published="2024-07-05")[1].measure == "count"


@pytest.mark.parametrize("text, field, expected", [
    ("A study published in The Lancet in July estimated that the true toll, including indirect deaths, could be "
     "as high as 186,000.", "measure", "killed"),
    ("A study published in The Lancet in July estimated that the true toll could be as high as 186,000.",
     "as_of", "2024-07"),
    ("U.S. Defense Secretary Lloyd Austin said more than 25,000 women and children had been killed.",
     "measure", "killed"),
    ("U.S. Defense Secretary Lloyd Austin said more than 25,000 women and children had been killed.",
     "group", None),
])
def test_asides_before_the_figure_a_studys_past_date_and_a_title_holding_a_country(text, field, expected):
    assert getattr(claimledger.extract(text, published="2024-08-16")[0], field) == expected


def test_wounding_others_before_he_was_shot_dead():
    text = "A gunman killed 14 people and wounded 25 others before he was shot dead by police."
    text2 = "A gunman opened fire, killing 14 people and wounding 25 others before he was shot dead by police."
    for t in (text, text2):
        claims = claimledger.extract(t, published="2023-12-22")
        assert [(c.unit, c.measure) for c in claims] == [("people", "killed"), ("people", "wounded")]


@pytest.mark.parametrize("text, speaker", [
    ("Gen. Tun Aung arrived on Monday. A day later he said 2,719 people had died.", "Tun Aung"),
    ("Kovac visited on Monday, and the opposition said 800 had died. "
     "Russian officials claimed more, with Defence Minister Ivan Perov putting the toll at 9,000.", "Ivan Perov"),
    ("The Centre for Peace Studies, a group in Oslo, said in a report released on Monday that 1,500 soldiers died.",
     "Centre for Peace Studies"),
    ("Mediazona, working with a broadcaster, has identified 95,000 soldiers who died.", "Mediazona"),
    ("A British intelligence update last month estimated that 790,000 troops were killed or wounded.",
     "British intelligence update"),
    ("Kenya has confirmed 812 cases of cholera, the Health Ministry said on Monday.", "Health Ministry"),
    ("Italy's coastguard said on Friday that it had rescued 61 people.", "coastguard"),
    ("A tally by Grain Count, a group of farmers, has so far identified 512 farms that were burned.", "Grain Count"),
    ("A police officer involved in the search said 14 bodies had been found.", "police officer"),
    ("The People's Front for Land Reform, the alliance behind the strike, said 90,000 workers took part.",
     "People's Front for Land Reform"),
    ('"It is worse than we feared," said its director, Lena Marsh. "We count 300 a week."', "Lena Marsh"),
    ("Arrivals rose 12 percent, according to figures released by its border directorate.", "border directorate"),
    ('"We are overwhelmed," said Dr. Ana Ruiz, the surgeon in charge, adding that 40 of the wounded were children.',
     "Ana Ruiz"),
    ("The Widows Union, which says it has 4,000 members, keeps a register.", "Widows Union"),
    ("Nine people died when a bridge collapsed, the district council said, citing local chiefs.", "local chiefs"),
    ("The Sahel Monitor is a research group. In a report on Tuesday it said 212 villages had been emptied.",
     "Sahel Monitor"),
    ("The UN children's agency said 1 in 3 children was malnourished.", "UN children's agency"),
    ("Lanternfield Relief, the UK-based humanitarian agency, today announced that it had launched an appeal for "
     "£2.8 million.", "Lanternfield Relief"),
    ("The Guild of Kano Rice Processors says it was 6.8 million tonnes.", "Guild of Kano Rice Processors"),
    ("A survey by the Ogun Institute, published last week, found that 63 percent of households skipped meals.",
     "Ogun Institute"),
    ("The villages were home to 4,100 people, according to the census taken that year.", "census"),
    ("The board's figures show new rents rose 71 percent.", "board"),
    ("More than 880 people crossed the Channel on Saturday, according to Home Office figures.", "Home Office"),
    ("Rerouting adds $1 million in fuel to each voyage, according to industry estimates.", "industry estimates"),
    ("The bank cut rates as new figures showed output falling 0.3 percent.", None),
])
def test_who_speaks_for_the_last_figure(text, speaker):
    """Time phrases before a pronoun, 'with X putting', asides, the making of a report, trailing and citing
    sources, owners of figures, names of bodies."""
    assert claimledger.extract(text, published="2024-03-14")[-1].speaker == speaker


@pytest.mark.parametrize("text, first_speaker, disputer", [
    ("Local officials said 43 civilians had died. "
     "A military spokesman, Gen. Aung Kyaw, said the figure of 43 civilian deaths was fabricated.",
     "Local officials", "Aung Kyaw"),
    ("Walking cut the risk by 23 percent, the institute found. "
     'Professor Martin Aldous said: "The 23 percent is almost certainly an overestimate."', "institute", "Martin Aldous"),
])
def test_a_figure_repeated_only_to_be_called_false_is_the_first_speakers(text, first_speaker, disputer):
    claims = claimledger.extract(text, published="2024-03-14")
    assert [(c.speaker, c.disputed_by) for c in claims] == [(first_speaker, disputer)] * 2


def test_analysts_at_a_named_institute_and_a_figure_the_party_disputed():
    text = ("Analysts at the Forsa institute said about 400,000 voters had switched to the AfD since 2019, "
            "a figure the CDU disputed.")
    claim = only(text)
    assert (claim.speaker, claim.disputed_by) == ("Forsa institute", "CDU")


def test_killed_or_wounded_after_the_figure_and_a_figure_officials_say_is_too_low():
    assert only("Officials put the figure at 75,000 killed or wounded.").measure == "casualties"
    claim = only("Zelensky said 31,000 soldiers had been killed, a figure American officials privately say is far too low.")
    assert claim.disputed_by == "American officials"


def test_a_first_name_after_a_title_is_no_people():
    claim = only("Energy Minister German Galushchenko said more than 1,000 substations in Ukraine had been damaged.")
    assert claim.speaker == "German Galushchenko" and claim.group != "Germany"


def test_killed_and_wounded_after_the_counted_noun_are_casualties():
    assert only("Russia lost 1,770 soldiers killed and wounded in the past 24 hours, Kyiv said.").measure == "casualties"


@pytest.mark.parametrize("text, value, field, expected", [
    ("Police, who deployed 340 officers for the fixture, put the crowd at about 24,000.", 24000, "measure", "count"),
    ("The ambulance service said its crews had treated 15 supporters.", 15, "measure", "wounded"),
    ("Gunmen abducted 287 pupils from a school on Thursday.", 287, "measure", "captured"),
    ("The state governor, Uba Sani, initially put the number at 100.", 100, "speaker", "Uba Sani"),
    ("A teacher said 187 secondary pupils and 125 primary pupils were missing.", 187, "measure", "missing"),
])
def test_crowds_treated_people_abductions_an_adverb_before_the_verb_and_coordinated_figures(text, value, field,
                                                                                          expected):
    assert getattr(claim_with(text, value), field) == expected


def test_a_mission_of_officers_and_peacekeepers_is_strength():
    assert only("Kenya has pledged to lead a police mission of 1,000 officers.").measure == "strength"
    assert only("UNIFIL has some 10,000 peacekeepers in southern Lebanon.").measure == "strength"
