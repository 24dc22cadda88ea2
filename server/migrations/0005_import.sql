-- Import: a history entry may carry a note ("imported from events.csv").
ALTER TABLE event_history ADD COLUMN note TEXT;
