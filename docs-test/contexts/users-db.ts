// Context of the core README's invokeMany fragment: a stand-in for the app's database, with the
// query the fragment streams its items from.
const db = {
  async *usersWhoSignedUpDuringTheOutage(): AsyncGenerator<{ id: string }> {
    for (const id of ['u1', 'u2', 'u3']) yield { id };
  },
};
