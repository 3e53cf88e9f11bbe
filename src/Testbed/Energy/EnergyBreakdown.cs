namespace Splitwise.Testbed.Energy;

/// <summary>Joules per power state of one device for one request.</summary>
public readonly record struct EnergyBreakdown(double ComputeJ, double TransmitJ, double ReceiveJ, double IdleJ)
{
    public double TotalJ => ComputeJ + TransmitJ + ReceiveJ + IdleJ;

    public static EnergyBreakdown operator +(EnergyBreakdown a, EnergyBreakdown b) =>
        new(a.ComputeJ + b.ComputeJ, a.TransmitJ + b.TransmitJ, a.ReceiveJ + b.ReceiveJ, a.IdleJ + b.IdleJ);
}

/// <summary>A request's energy: the edge device (what the papers minimise) and the cloud, reported apart, never summed silently.</summary>
public readonly record struct RequestEnergy(EnergyBreakdown Edge, EnergyBreakdown Cloud);
