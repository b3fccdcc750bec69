-- Example todos that `stackctl db reset` puts back.
INSERT INTO todos (title) VALUES ('Run stackctl setup'), ('Open http://127.0.0.1:5173'), ('Try stackctl status');
INSERT INTO todos (title, done) VALUES ('Clone the repository', 1);
