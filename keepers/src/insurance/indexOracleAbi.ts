// The IIndexOracle ABI (contracts/interfaces/IIndexOracle.sol), copied from its artifact until the
// IndexOracle joins lib/manifest.ts and abis/ (then import abis/IIndexOracle.ts instead);
// keepers/test/insuranceFeeder.test.ts fails when this copy and the artifact differ.
export const IIndexOracleAbi = [
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
      {
        internalType: "address",
        name: "member",
        type: "address",
      },
    ],
    name: "AlreadyReported",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "int256",
        name: "min",
        type: "int256",
      },
      {
        internalType: "int256",
        name: "max",
        type: "int256",
      },
    ],
    name: "InvalidFeed",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "term",
        type: "uint256",
      },
    ],
    name: "NoCommittee",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "caller",
        type: "address",
      },
      {
        internalType: "uint256",
        name: "term",
        type: "uint256",
      },
    ],
    name: "NotCommitteeMember",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "caller",
        type: "address",
      },
    ],
    name: "NotConsumer",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
      {
        internalType: "uint256",
        name: "observesAt",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "nowAt",
        type: "uint256",
      },
    ],
    name: "NotObservable",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
    ],
    name: "NotRequested",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "caller",
        type: "address",
      },
      {
        internalType: "address",
        name: "timelock",
        type: "address",
      },
    ],
    name: "NotTimelock",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "int256",
        name: "value",
        type: "int256",
      },
      {
        internalType: "int256",
        name: "min",
        type: "int256",
      },
      {
        internalType: "int256",
        name: "max",
        type: "int256",
      },
    ],
    name: "OutOfRange",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
      {
        internalType: "enum IIndexOracle.RoundState",
        name: "state",
        type: "uint8",
      },
    ],
    name: "RoundClosed",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
    ],
    name: "UnknownFeed",
    type: "error",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "committee",
        type: "address",
      },
    ],
    name: "CommitteeBound",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "consumer",
        type: "address",
      },
      {
        indexed: false,
        internalType: "bool",
        name: "allowed",
        type: "bool",
      },
    ],
    name: "ConsumerSet",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "string",
        name: "name",
        type: "string",
      },
      {
        indexed: false,
        internalType: "int256",
        name: "min",
        type: "int256",
      },
      {
        indexed: false,
        internalType: "int256",
        name: "max",
        type: "int256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "reportDeadline",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "grace",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "deadlineQuorum",
        type: "uint256",
      },
    ],
    name: "FeedSet",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        indexed: true,
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
      {
        indexed: true,
        internalType: "address",
        name: "member",
        type: "address",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "seat",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "int256",
        name: "value",
        type: "int256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "reports",
        type: "uint256",
      },
    ],
    name: "Reported",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        indexed: true,
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "int256",
        name: "value",
        type: "int256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "reports",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "bool",
        name: "byDeadline",
        type: "bool",
      },
      {
        indexed: false,
        internalType: "address",
        name: "keeper",
        type: "address",
      },
    ],
    name: "RoundFinalized",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        indexed: true,
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "term",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "committeeSize",
        type: "uint256",
      },
    ],
    name: "RoundOpened",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        indexed: true,
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
      {
        indexed: true,
        internalType: "address",
        name: "consumer",
        type: "address",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "observesAt",
        type: "uint256",
      },
    ],
    name: "RoundRequested",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        indexed: true,
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "reports",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "address",
        name: "keeper",
        type: "address",
      },
    ],
    name: "RoundVoided",
    type: "event",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
    ],
    name: "feedOf",
    outputs: [
      {
        components: [
          {
            internalType: "int64",
            name: "min",
            type: "int64",
          },
          {
            internalType: "int64",
            name: "max",
            type: "int64",
          },
          {
            internalType: "uint32",
            name: "reportDeadline",
            type: "uint32",
          },
          {
            internalType: "uint32",
            name: "grace",
            type: "uint32",
          },
          {
            internalType: "uint8",
            name: "deadlineQuorum",
            type: "uint8",
          },
          {
            internalType: "bool",
            name: "exists",
            type: "bool",
          },
        ],
        internalType: "struct IIndexOracle.Feed",
        name: "",
        type: "tuple",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
    ],
    name: "finalize",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
      {
        internalType: "int256",
        name: "value",
        type: "int256",
      },
    ],
    name: "report",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
    ],
    name: "requestRound",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
    ],
    name: "roundOf",
    outputs: [
      {
        components: [
          {
            internalType: "enum IIndexOracle.RoundState",
            name: "state",
            type: "uint8",
          },
          {
            internalType: "uint64",
            name: "term",
            type: "uint64",
          },
          {
            internalType: "uint8",
            name: "committeeSize",
            type: "uint8",
          },
          {
            internalType: "uint8",
            name: "reports",
            type: "uint8",
          },
          {
            internalType: "uint32",
            name: "reportedSeats",
            type: "uint32",
          },
          {
            internalType: "int64",
            name: "value",
            type: "int64",
          },
          {
            internalType: "uint64",
            name: "finalizedAt",
            type: "uint64",
          },
        ],
        internalType: "struct IIndexOracle.Round",
        name: "",
        type: "tuple",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "timelock",
    outputs: [
      {
        internalType: "address",
        name: "",
        type: "address",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
    ],
    name: "valueOf",
    outputs: [
      {
        internalType: "enum IIndexOracle.RoundState",
        name: "state",
        type: "uint8",
      },
      {
        internalType: "int256",
        name: "value",
        type: "int256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "bytes32",
        name: "feedId",
        type: "bytes32",
      },
      {
        internalType: "bytes32",
        name: "subject",
        type: "bytes32",
      },
    ],
    name: "voidRound",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
] as const;
