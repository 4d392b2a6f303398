Console.WriteLine("parsers bench");
