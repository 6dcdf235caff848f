// Headless runner on the same core: `foreman solve ...`.
console.log('foreman: not yet implemented');
process.exit(2);
