using Splitwise.Testbed.Synthetic;

namespace Splitwise.Testbed.Environment;

/// <summary>
/// The synthetic link of each family, fitted to that family's TRAINING traces only (<see cref="TraceSplit"/>), so a run
/// without ../shared still tells a static phone from a driving one and never sees the evaluation traces. Produced from
/// the repository root by <c>fit-link FILE... --states 8 --seed 1 --out .cache/fitted-link-FAMILY.json</c> with the
/// training files of the family (../shared/data/net/5g-download/FAMILY/...) and pasted verbatim.
/// </summary>
public static class FamilyLinkParameters
{
    public static MarkovLinkParameters Static { get; } = MarkovLinkParameters.FromJson(StaticJson);

    public static MarkovLinkParameters Driving { get; } = MarkovLinkParameters.FromJson(DrivingJson);

    public static MarkovLinkParameters Of(LinkFamily family) => family == LinkFamily.Static ? Static : Driving;

    private const string StaticJson = """
        {
          "Method": "Markov-modulated log-normal: outage state = zero-capacity steps; k bandwidth states cut at equal-share quantiles of log capacity; per state mean/sd of log capacity and mean RTT; transition matrix = counted step-to-step moves; AR(1) on the standardised log residual within a state (lag-1 correlation of residual pairs that stay in one state)",
          "FittedTo": "3 trace files under ../shared/data/net/5g-download/static/B_2019.12.16_13.40.04.csv, ../shared/data/net/5g-download/static/B_2020.01.16_10.43.34.csv, ../shared/data/net/5g-download/static/B_2020.02.13_13.57.29.csv",
          "StepSeconds": 1,
          "States": [
            {
              "Name": "q1",
              "LogMean": -2.2657882461449477,
              "LogSd": 3.087678994483336,
              "MinMbps": 0.0005,
              "MaxMbps": 4.9,
              "MeanRttMs": 99.21296296296296,
              "Share": 0.12246440720675318
            },
            {
              "Name": "q2",
              "LogMean": 2.278254442016607,
              "LogSd": 0.28455603372333105,
              "MinMbps": 4.903,
              "MaxMbps": 14.12,
              "MeanRttMs": 75.87179487179488,
              "Share": 0.12284238377220612
            },
            {
              "Name": "q3",
              "LogMean": 2.8000451978162744,
              "LogSd": 0.07016862848848356,
              "MinMbps": 14.123,
              "MaxMbps": 18.168,
              "MeanRttMs": 72.49434737923947,
              "Share": 0.1225903993952375
            },
            {
              "Name": "q4",
              "LogMean": 2.9992160175113134,
              "LogSd": 0.07484738804403475,
              "MinMbps": 18.171,
              "MaxMbps": 23.861,
              "MeanRttMs": 71.74127310061601,
              "Share": 0.12271639158372181
            },
            {
              "Name": "q5",
              "LogMean": 3.5075580977210117,
              "LogSd": 0.19077968129406914,
              "MinMbps": 23.922,
              "MaxMbps": 45.634,
              "MeanRttMs": 73.68788501026694,
              "Share": 0.12271639158372181
            },
            {
              "Name": "q6",
              "LogMean": 4.081019109593592,
              "LogSd": 0.15003366191100562,
              "MinMbps": 45.66,
              "MaxMbps": 76.213,
              "MeanRttMs": 72.2158273381295,
              "Share": 0.1225903993952375
            },
            {
              "Name": "q7",
              "LogMean": 4.69072026479973,
              "LogSd": 0.24369100900731652,
              "MinMbps": 76.239,
              "MaxMbps": 167.182,
              "MeanRttMs": 71.04722792607802,
              "Share": 0.12271639158372181
            },
            {
              "Name": "q8",
              "LogMean": 5.401059919276428,
              "LogSd": 0.1594529286012927,
              "MinMbps": 167.231,
              "MaxMbps": 333.07,
              "MeanRttMs": 70.61601642710473,
              "Share": 0.12271639158372181
            }
          ],
          "OutageShare": 0.01864684389567847,
          "OutageRttMs": 88.10135135135135,
          "Transitions": [
            [
              0.49433573635427397,
              0.21936148300720906,
              0.11431513903192585,
              0.05973223480947477,
              0.053553038105046344,
              0.017507723995880537,
              0.007209062821833162,
              0.005149330587023687,
              0.028836251287332648
            ],
            [
              0.09743589743589744,
              0.5046153846153846,
              0.1764102564102564,
              0.10358974358974359,
              0.06564102564102564,
              0.021538461538461538,
              0.01641025641025641,
              0.0041025641025641026,
              0.010256410256410256
            ],
            [
              0.041109969167523124,
              0.08941418293936279,
              0.5549845837615622,
              0.1695786228160329,
              0.09558067831449127,
              0.023638232271325797,
              0.008221993833504625,
              0.0010277492291880781,
              0.01644398766700925
            ],
            [
              0.030832476875642344,
              0.051387461459403906,
              0.11613566289825282,
              0.5827338129496403,
              0.10688591983556012,
              0.06680369989722508,
              0.02774922918807811,
              0.0041109969167523125,
              0.013360739979445015
            ],
            [
              0.06673511293634497,
              0.03490759753593429,
              0.024640657084188913,
              0.05646817248459959,
              0.5112936344969199,
              0.20739219712525667,
              0.07392197125256673,
              0.014373716632443531,
              0.01026694045174538
            ],
            [
              0.07613168724279835,
              0.0257201646090535,
              0.0051440329218107,
              0.012345679012345678,
              0.1337448559670782,
              0.5390946502057613,
              0.16666666666666666,
              0.03189300411522634,
              0.009259259259259259
            ],
            [
              0.09034907597535935,
              0.02053388090349076,
              0.003080082135523614,
              0.012320328542094456,
              0.021560574948665298,
              0.11088295687885011,
              0.5780287474332649,
              0.14681724845995894,
              0.01642710472279261
            ],
            [
              0.022587268993839837,
              0.012320328542094456,
              0.002053388090349076,
              0.004106776180698152,
              0.009240246406570842,
              0.013347022587268994,
              0.12114989733059549,
              0.7926078028747433,
              0.022587268993839837
            ],
            [
              0.5135135135135135,
              0.28378378378378377,
              0.02027027027027027,
              0,
              0.02027027027027027,
              0,
              0.006756756756756757,
              0,
              0.1554054054054054
            ]
          ],
          "Ar1": 0.5405200193652414
        }
        """;

    private const string DrivingJson = """
        {
          "Method": "Markov-modulated log-normal: outage state = zero-capacity steps; k bandwidth states cut at equal-share quantiles of log capacity; per state mean/sd of log capacity and mean RTT; transition matrix = counted step-to-step moves; AR(1) on the standardised log residual within a state (lag-1 correlation of residual pairs that stay in one state)",
          "FittedTo": "7 trace files under ../shared/data/net/5g-download/driving/B_2019.12.14_10.16.30.csv, ../shared/data/net/5g-download/driving/B_2019.12.16_11.49.59.csv, ../shared/data/net/5g-download/driving/B_2019.12.16_12.27.05.csv, ../shared/data/net/5g-download/driving/B_2019.12.17_07.32.39.csv, ../shared/data/net/5g-download/driving/B_2020.01.16_07.26.43.csv, ../shared/data/net/5g-download/driving/B_2020.01.16_09.56.56.csv, ../shared/data/net/5g-download/driving/B_2020.02.13_13.03.24.csv",
          "StepSeconds": 1,
          "States": [
            {
              "Name": "q1",
              "LogMean": -3.1805000068842557,
              "LogSd": 2.5656560577055787,
              "MinMbps": 0.0005,
              "MaxMbps": 1.272,
              "MeanRttMs": 129.00801282051282,
              "Share": 0.12148350043804147
            },
            {
              "Name": "q2",
              "LogMean": 0.9605974104272352,
              "LogSd": 0.3231967980713443,
              "MinMbps": 1.273,
              "MaxMbps": 4.152,
              "MeanRttMs": 102.21875,
              "Share": 0.12148350043804147
            },
            {
              "Name": "q3",
              "LogMean": 1.6774782449329813,
              "LogSd": 0.1325387494497605,
              "MinMbps": 4.156,
              "MaxMbps": 6.598,
              "MeanRttMs": 90.97836538461539,
              "Share": 0.12148350043804147
            },
            {
              "Name": "q4",
              "LogMean": 2.0407716539255163,
              "LogSd": 0.08644758936835317,
              "MinMbps": 6.599,
              "MaxMbps": 8.862,
              "MeanRttMs": 87.77403846153847,
              "Share": 0.12148350043804147
            },
            {
              "Name": "q5",
              "LogMean": 2.317378732322274,
              "LogSd": 0.07980034429261136,
              "MinMbps": 8.875,
              "MaxMbps": 11.648,
              "MeanRttMs": 85.37339743589743,
              "Share": 0.12148350043804147
            },
            {
              "Name": "q6",
              "LogMean": 2.6248171748520055,
              "LogSd": 0.10949869822137291,
              "MinMbps": 11.656,
              "MaxMbps": 16.73,
              "MeanRttMs": 82.43589743589743,
              "Share": 0.12148350043804147
            },
            {
              "Name": "q7",
              "LogMean": 3.010878943660275,
              "LogSd": 0.12165998756259216,
              "MinMbps": 16.733,
              "MaxMbps": 26.087,
              "MeanRttMs": 78.62900641025641,
              "Share": 0.12148350043804147
            },
            {
              "Name": "q8",
              "LogMean": 4.340096060221349,
              "LogSd": 0.7665356084480227,
              "MinMbps": 26.114,
              "MaxMbps": 462.254,
              "MeanRttMs": 79.2257806244996,
              "Share": 0.12158084298646939
            }
          ],
          "OutageShare": 0.028034653947240338,
          "OutageRttMs": 100.51041666666667,
          "Transitions": [
            [
              0.45863453815261046,
              0.1742971887550201,
              0.09156626506024096,
              0.07068273092369477,
              0.05140562248995984,
              0.06746987951807229,
              0.03453815261044177,
              0.010441767068273093,
              0.04096385542168675
            ],
            [
              0.1842948717948718,
              0.41426282051282054,
              0.17147435897435898,
              0.07852564102564102,
              0.047275641025641024,
              0.05448717948717949,
              0.028846153846153848,
              0.009615384615384616,
              0.011217948717948718
            ],
            [
              0.08733974358974358,
              0.1858974358974359,
              0.35336538461538464,
              0.2107371794871795,
              0.08092948717948718,
              0.035256410256410256,
              0.020032051282051284,
              0.008012820512820512,
              0.01842948717948718
            ],
            [
              0.04971932638331997,
              0.07618283881315156,
              0.20609462710505214,
              0.33119486768243783,
              0.214915797914996,
              0.07377706495589414,
              0.019246190858059342,
              0.007217321571772253,
              0.02165196471531676
            ],
            [
              0.047275641025641024,
              0.03685897435897436,
              0.08173076923076923,
              0.20352564102564102,
              0.36698717948717946,
              0.19310897435897437,
              0.041666666666666664,
              0.009615384615384616,
              0.019230769230769232
            ],
            [
              0.03926282051282051,
              0.026442307692307692,
              0.03766025641025641,
              0.07051282051282051,
              0.18269230769230768,
              0.41346153846153844,
              0.1842948717948718,
              0.021634615384615384,
              0.02403846153846154
            ],
            [
              0.027243589743589744,
              0.015224358974358974,
              0.015224358974358974,
              0.016025641025641024,
              0.041666666666666664,
              0.1362179487179487,
              0.6017628205128205,
              0.1266025641025641,
              0.020032051282051284
            ],
            [
              0.044035228182546036,
              0.010408326661329063,
              0.014411529223378704,
              0.007205764611689352,
              0.007205764611689352,
              0.021617293835068056,
              0.06725380304243395,
              0.8054443554843875,
              0.02241793434747798
            ],
            [
              0.25263157894736843,
              0.26666666666666666,
              0.12631578947368421,
              0.05263157894736842,
              0.031578947368421054,
              0.021052631578947368,
              0.010526315789473684,
              0.007017543859649123,
              0.23157894736842105
            ]
          ],
          "Ar1": 0.49330083184825657
        }
        """;
}
