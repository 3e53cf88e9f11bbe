namespace Splitwise.Testbed.Cost;

/// <summary>Input the cost model cannot use: a non-positive rate, too few samples to fit, a calibration file that does not parse.</summary>
public sealed class CostModelException(string message) : ArgumentException(message);
