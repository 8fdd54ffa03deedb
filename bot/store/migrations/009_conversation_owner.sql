-- The user a conversation belongs to, when it belongs to one. Set once, at creation, for users the channel knows only
-- by an id it issued itself (the web chat's anonymous browser cookie): anyone else posting with that conversation id
-- is refused. NULL for platform conversations (Slack, Teams), where several people may write in one thread.
ALTER TABLE conversations ADD COLUMN IF NOT EXISTS owner_id text;

-- Existing web conversations belong to the browser that wrote in them last (user_id), which was their owner unless
-- someone had already hijacked them.
UPDATE conversations SET owner_id = user_id WHERE channel = 'web' AND owner_id IS NULL AND user_id IS NOT NULL;
