-- What makes a crash loop (CrashLoopPolicy) and how much of a log a Logs tab keeps
-- (LogViewBound): one row each, or none for the defaults written in those records.
CREATE TABLE crash_loop (
    id              INT DEFAULT 1 PRIMARY KEY,
    crashes         INT NOT NULL,
    window_seconds  INT NOT NULL,
    CONSTRAINT crash_loop_one_row CHECK (id = 1)
);
CREATE TABLE log_view (
    id         INT DEFAULT 1 PRIMARY KEY,
    max_lines  INT NOT NULL,
    max_mib    INT NOT NULL,
    CONSTRAINT log_view_one_row CHECK (id = 1)
);
