/** Tests start the fake Messages API through here. */
export * from '../../src/fake-model/index';
