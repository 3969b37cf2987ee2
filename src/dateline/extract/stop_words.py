"""English function words: a language fact kept as data, used to recognise English text."""

_WORDS = """
    a about after again against all also an and any are as at be because been before being
    between both but by can could did do does during each few for from had has have having he
    her here hers him his how i if in into is it its itself just me more most my no nor not
    now of off on once only or other our out over own said same she should so some such than
    that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    """
STOP_WORDS_EN = frozenset(_WORDS.split())
