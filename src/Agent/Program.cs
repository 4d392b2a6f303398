Console.WriteLine("cp-agent");
