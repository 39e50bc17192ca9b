-- The plant database: every durable station message once (by its id), and what the web page reads.
CREATE TABLE events (
    id uuid PRIMARY KEY,
    site text NOT NULL,
    line text NOT NULL,
    station text NOT NULL,
    topic text NOT NULL,
    event text NOT NULL,
    incident_id text,
    created_at double precision NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    payload jsonb NOT NULL
);
CREATE INDEX events_station_time ON events (site, line, station, created_at);
CREATE INDEX events_event_time ON events (event, created_at);

CREATE FUNCTION incident_rank(state text) RETURNS int LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'cleared' THEN 2 ELSE 0 END $$;

CREATE TABLE incidents (
    id text PRIMARY KEY,
    site text NOT NULL,
    line text NOT NULL,
    station text NOT NULL,
    hazard text NOT NULL,
    area text,
    state text NOT NULL,
    level int NOT NULL DEFAULT 0,
    alert_count int NOT NULL DEFAULT 1,
    opened_at double precision NOT NULL,
    last_event_at double precision NOT NULL,
    acked_by text,
    acked_at double precision,
    cleared_at double precision
);
CREATE INDEX incidents_state ON incidents (state, opened_at);

CREATE TABLE drafts (
    site text NOT NULL,
    line text NOT NULL,
    station text NOT NULL,
    draft_id int NOT NULL,
    state text NOT NULL,
    kind text NOT NULL,
    slots jsonb NOT NULL,
    transcript text NOT NULL,
    headset text,
    created_at double precision NOT NULL,
    updated_at double precision NOT NULL,
    PRIMARY KEY (site, line, station, draft_id)
);

CREATE TABLE stations (
    site text NOT NULL,
    line text NOT NULL,
    station text NOT NULL,
    online boolean NOT NULL DEFAULT false,
    state jsonb,
    last_heard timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (site, line, station)
);

CREATE TABLE web_actions (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    username text NOT NULL,
    role text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}'
);
