import { InvalidArgumentError } from 'commander';

/** A commander argument parser for whole numbers in `[min, max]`; anything else is a usage error. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return number;
  };
}
