// express@4 is installed under the alias `express4`; its API is the subset of @types/express we use.
declare module 'express4' {
  import express = require('express');
  export = express;
}
