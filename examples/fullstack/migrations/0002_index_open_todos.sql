-- Open todos are listed first by the page: index them.
-- up
CREATE INDEX todos_open ON todos (done, id);

-- down
DROP INDEX todos_open;
