using ControlPlane.Samples.FleetClient;

return await FleetClientApp.RunAsync(args, Console.Out, Console.Error);
