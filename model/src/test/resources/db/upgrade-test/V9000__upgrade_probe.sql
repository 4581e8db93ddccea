-- Only in tests: a later migration, to prove the store is copied aside before it runs.
CREATE TABLE upgrade_probe (id INT PRIMARY KEY);
