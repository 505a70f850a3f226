"""Who puts each figure forward: quotes, indirect speech, nested sources, disputes, pronouns."""
import claimledger


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
