"""Ideas by text message (SMS) and WhatsApp, through a gateway that posts each message to a
webhook: the message becomes an idea, and the reply gives a short code that, texted back,
tells what became of it. Residents may ask for news of their ideas by SMS; their number is
kept only then, in one table, and forgotten on STOP."""
