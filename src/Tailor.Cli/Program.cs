using Tailor.Cli;

Tailor.Postgres.PostgresStore.Register(); // --database / TAILOR_DATABASE_URL / a manifest that names a PostgreSQL database
return await CliRunner.RunAsync(CliApp.CreateRoot(), args);
