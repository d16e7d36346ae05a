"""The API's writes, for staff with a personal access token: ideas on behalf of a channel,
imports of many ideas at once, answers."""
