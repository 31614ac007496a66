using Tailor.Cli;

return await CliRunner.RunAsync(CliApp.CreateRoot(), args);
