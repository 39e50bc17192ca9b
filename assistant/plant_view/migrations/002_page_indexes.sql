-- What the supervisor page asks for on every live update.
CREATE INDEX drafts_pending ON drafts (state, created_at);
CREATE INDEX incidents_opened ON incidents (opened_at);
CREATE INDEX events_report_time ON events (created_at) WHERE event = 'report';
