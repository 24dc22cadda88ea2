-- What protest research codes (issue 23; README, "The data"): what
-- happened, areas by name, online, organisers and groups, claims, the crowd
-- in numbers with each source's estimate, outcomes, and the dataset an
-- event came from. NULL (or an empty list) is "not reported", never zero.
ALTER TABLE events ADD COLUMN conduct TEXT;
ALTER TABLE events ADD COLUMN admin1 TEXT;
ALTER TABLE events ADD COLUMN admin2 TEXT;
ALTER TABLE events ADD COLUMN online INTEGER;
ALTER TABLE events ADD COLUMN organisers TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN participants TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN claims TEXT;
ALTER TABLE events ADD COLUMN crowd_size_low INTEGER;
ALTER TABLE events ADD COLUMN crowd_size_high INTEGER;
ALTER TABLE events ADD COLUMN crowd_size_derived TEXT;
ALTER TABLE events ADD COLUMN crowd_estimates TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN arrests INTEGER;
ALTER TABLE events ADD COLUMN injuries INTEGER;
ALTER TABLE events ADD COLUMN fatalities INTEGER;
ALTER TABLE events ADD COLUMN property_damage INTEGER;
ALTER TABLE events ADD COLUMN dataset TEXT;
ALTER TABLE events ADD COLUMN upstream_updated_at TEXT;
-- A sync lists the events of one dataset.
CREATE INDEX events_by_dataset ON events (dataset) WHERE dataset IS NOT NULL;
-- `actors` (one text) becomes `participants` (a list of names): the store
-- moves each row's text over at open, split at ";" as the GeoJSON reader
-- splits an old `actors` property, and rewrites its Feature
-- (`backfill.rs`, `move_actors`). The column stays, emptied, for history.
