"""The engine's input contract, a byte-identical copy of ../shared/contract/engine-input.schema.json."""
