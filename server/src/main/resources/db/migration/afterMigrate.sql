-- Runs after every migration. For the embedded cluster, gives billstream_app the password kept in
-- billstream-data/postgres.credentials (TCP connections need one); external databases are left alone.
DO $$
BEGIN
    IF '${embedded_app_password}' <> '' THEN
        EXECUTE format('ALTER ROLE billstream_app WITH LOGIN PASSWORD %L', '${embedded_app_password}');
    END IF;
END
$$;
